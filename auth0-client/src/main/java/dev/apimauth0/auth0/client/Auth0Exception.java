package dev.apimauth0.auth0.client;

/**
 * The one failure type of every Auth0 call: an Auth0 error reply, a rate limit that outlasted the wait
 * budget, a timeout, a transport failure or an unreadable reply. Messages never contain secrets or tokens.
 */
public final class Auth0Exception extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@link #statusCode()} when no HTTP status was received (timeout, connection failure). */
    public static final int NO_STATUS = 0;

    /** errorCode of a call that timed out. */
    public static final String TIMEOUT = "timeout";
    /** errorCode of a call that failed below HTTP (connection refused, TLS, reset). */
    public static final String TRANSPORT_ERROR = "transport_error";
    /** errorCode of a reply that was not the JSON Auth0 sends. */
    public static final String INVALID_RESPONSE = "invalid_response";
    /** errorCode of a 429 reply whose wait exceeded the configured budget. */
    public static final String TOO_MANY_REQUESTS = "too_many_requests";

    private final int statusCode;
    private final String errorCode;
    private final String auth0Message;
    private final String operation;

    Auth0Exception(String operation, int statusCode, String errorCode, String auth0Message) {
        super(format(operation, statusCode, errorCode, auth0Message));
        this.operation = operation;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.auth0Message = auth0Message;
    }

    private static String format(String operation, int statusCode, String errorCode, String message) {
        return "Auth0 " + operation + " failed: " + (statusCode == NO_STATUS ? "no HTTP status" : "HTTP " + statusCode)
                + " " + errorCode + (message == null || message.isEmpty() ? "" : " - " + message);
    }

    /** The HTTP status, or {@link #NO_STATUS}. */
    public int statusCode() {
        return statusCode;
    }

    /** Auth0's errorCode (Management API) or error (token endpoint), or one of this class's codes. */
    public String errorCode() {
        return errorCode;
    }

    /** Auth0's message or error_description, redacted. */
    public String auth0Message() {
        return auth0Message;
    }

    /** What was being done, e.g. "GET /clients/{id}". */
    public String operation() {
        return operation;
    }

    public boolean isNotFound() {
        return statusCode == 404;
    }

    public boolean isConflict() {
        return statusCode == 409;
    }
}
