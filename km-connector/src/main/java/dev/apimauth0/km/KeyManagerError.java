package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Exception;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.ErrorHandler;

/**
 * APIM's ErrorHandler contract for this key manager's failures. A plain {@code new APIManagementException(String)}
 * carries ExceptionCodes.INTERNAL_ERROR, and the REST layer (GlobalThrowableMapper picks the lowest HTTP status of
 * the ErrorHandlers in the cause chain) then shows developers and administrators a generic 500. With a 4xx handler
 * here the precise message reaches them, also when APIM wraps the exception (APIUtil.handleException in the
 * key-generation workflow). Messages carry no secrets or tokens.
 */
final class KeyManagerError implements ErrorHandler {

    private static final org.apache.commons.logging.Log LOG =
            org.apache.commons.logging.LogFactory.getLog(KeyManagerError.class);
    /** Error codes: 909 followed by the HTTP status, so a code says what went wrong at a glance. */
    private static final long CODE_BASE = 909000L;

    private final int status;
    private final String message;

    private KeyManagerError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** A 400 whose message names the key manager, as every refusal of this connector does. */
    static APIManagementException refused(String keyManagerName, String message) {
        return badRequest(prefix(keyManagerName) + message);
    }

    /** A failed Auth0 call, logged once (without secrets: Auth0Exception messages carry none) and mapped to a status. */
    static APIManagementException auth0Failed(String keyManagerName, String what, Auth0Exception e) {
        String m = prefix(keyManagerName) + what + " failed: " + e.getMessage();
        LOG.error(m);
        return fromAuth0(m, e);
    }

    static String prefix(String keyManagerName) {
        return "Auth0 key manager \"" + (keyManagerName == null ? "Auth0" : keyManagerName) + "\": ";
    }

    /** The request cannot be carried out as given (a field, a scope, a grant type): 400. */
    static APIManagementException badRequest(String message) {
        return new APIManagementException(message, new KeyManagerError(400, message));
    }

    static APIManagementException notFound(String message) {
        return new APIManagementException(message, new KeyManagerError(404, message));
    }

    static APIManagementException conflict(String message) {
        return new APIManagementException(message, new KeyManagerError(409, message));
    }

    /** The key manager cannot work (not loaded, not configured for this): 503, an operator's matter. */
    static APIManagementException unavailable(String message) {
        return new APIManagementException(message, new KeyManagerError(503, message));
    }

    /**
     * A failed Auth0 call. Auth0's own 4xx refusals keep their status (and Auth0's errorCode is in the message),
     * except that a token endpoint 401 (wrong client secret) becomes 400: a 401 from the REST API would read as
     * the portal user's own session having expired. Timeouts become 504, other failures 502.
     */
    static APIManagementException fromAuth0(String message, Auth0Exception e) {
        int s = e.statusCode();
        int status;
        if (s == Auth0Exception.NO_STATUS) {
            status = Auth0Exception.TIMEOUT.equals(e.errorCode()) ? 504 : 502;
        } else if (s == 401) {
            status = 400;
        } else if (s >= 400 && s < 500) {
            status = s;
        } else {
            status = 502;
        }
        return new APIManagementException(message, e, new KeyManagerError(status, message));
    }

    /** The HTTP status APIM's REST layer answers with for this exception, or 500 without a handler of ours. */
    static int statusOf(APIManagementException e) {
        ErrorHandler h = e.getErrorHandler();
        return h == null ? 500 : h.getHttpStatusCode();
    }

    @Override
    public long getErrorCode() {
        return CODE_BASE + status;
    }

    @Override
    public String getErrorMessage() {
        return message;
    }

    @Override
    public String getErrorDescription() {
        return message;
    }

    @Override
    public int getHttpStatusCode() {
        return status;
    }

    @Override
    public boolean printStackTrace() {
        return status >= 500;
    }
}
