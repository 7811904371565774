package dev.apimauth0.km;

import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.ApplicationConstants;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Map;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * APIM's JSON helpers (buildFromJSON, buildAccessTokenRequestFromJSON, buildAccessTokenRequestFromOAuthApp), checked
 * with the same application field rules as Generate Keys; they work before a load, too.
 */
final class JsonRequests {

    private JsonRequests() {
    }

    static OAuthApplicationInfo buildFromJSON(String keyManagerName, OAuthApplicationInfo info, String jsonInput) throws APIManagementException {
        Map<String, Object> params = Values.object(jsonInput, "application JSON", keyManagerName);
        OAuthApplicationInfo target = info == null ? new OAuthApplicationInfo() : info;
        Object callback = params.get(ApplicationConstants.APP_CALLBACK_URL);
        if (callback != null && Values.isBlank(target.getCallBackURL())) {
            target.setCallBackURL(Auth0KeyManagerSettings.text(callback));
        }
        ApplicationFields.requireCallback(Values.list(params.get(JSON_GRANT_TYPES)), Values.list(target.getCallBackURL()),
                keyManagerName);
        if (params.get(JSON_CLIENT_ID) != null) {
            target.setClientId(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_ID)));
        }
        if (params.get(JSON_CLIENT_SECRET) != null) {
            target.setClientSecret(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_SECRET)));
        }
        if (params.get(ApplicationConstants.OAUTH_CLIENT_NAME) != null && Values.isBlank(target.getClientName())) {
            target.setClientName(Auth0KeyManagerSettings.text(params.get(ApplicationConstants.OAUTH_CLIENT_NAME)));
        }
        target.putAll(params);
        // application fields are checked now, so a bad value is refused before any call to Auth0
        Map<String, Object> props = Values.additionalProperties(target, keyManagerName);
        ApplicationFields.appType(props.get(APP_TYPE), keyManagerName);
        ApplicationFields.authMethod(props.get(TOKEN_ENDPOINT_AUTH_METHOD), keyManagerName);
        return target;
    }

    static AccessTokenRequest buildAccessTokenRequestFromJSON(String keyManagerName, String jsonInput, AccessTokenRequest request)
            throws APIManagementException {
        if (Values.isBlank(jsonInput)) {
            return request;
        }
        Map<String, Object> params = Values.object(jsonInput, "token request JSON", keyManagerName);
        AccessTokenRequest out = request == null ? new AccessTokenRequest() : request;
        if (params.get(JSON_CLIENT_ID) != null) {
            out.setClientId(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_ID)));
        }
        if (params.get(JSON_CLIENT_SECRET) != null) {
            out.setClientSecret(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_SECRET)));
        }
        if (params.get(ApplicationConstants.VALIDITY_PERIOD) != null) {
            out.setValidityPeriod(validity(keyManagerName, params.get(ApplicationConstants.VALIDITY_PERIOD)));
        }
        Object scopes = params.containsKey("scopes") ? params.get("scopes")
                : params.containsKey(TOKEN_SCOPE) ? params.get(TOKEN_SCOPE) : params.get("scope");
        if (scopes != null) {
            out.setScope(Values.list(scopes).toArray(new String[0]));
        }
        if (params.get("grant_type") != null) {
            out.setGrantType(Auth0KeyManagerSettings.text(params.get("grant_type")));
        }
        return out;
    }

    static AccessTokenRequest buildAccessTokenRequestFromOAuthApp(String keyManagerName, OAuthApplicationInfo app, AccessTokenRequest request)
            throws APIManagementException {
        if (app == null) {
            return request;
        }
        AccessTokenRequest out = request == null ? new AccessTokenRequest() : request;
        if (Values.isBlank(app.getClientId())) {
            throw KeyManagerError.refused(keyManagerName, "the application has no client_id (consumer key) to request a token with");
        }
        if (Values.isBlank(app.getClientSecret())) {
            throw KeyManagerError.refused(keyManagerName, "the application has no client_secret (consumer secret) to request a token with");
        }
        out.setClientId(app.getClientId());
        out.setClientSecret(app.getClientSecret());
        out.setGrantType(GRANT_TYPE_CLIENT_CREDENTIALS);
        Object tokenScope = app.getParameter(TOKEN_SCOPE);
        if (tokenScope != null) {
            out.setScope(Values.list(tokenScope).toArray(new String[0]));
        }
        Object validity = app.getParameter(ApplicationConstants.VALIDITY_PERIOD);
        if (validity != null) {
            out.setValidityPeriod(validity(keyManagerName, validity));
        }
        Map<String, Object> props = Values.additionalProperties(app, keyManagerName);
        String audience = Auth0KeyManagerSettings.text(props.get(AUDIENCE_OF_API));
        if (audience != null) {
            out.addRequestParam(AUDIENCE_OF_API, audience);
        }
        String authMethod = Auth0KeyManagerSettings.text(props.get(TOKEN_ENDPOINT_AUTH_METHOD));
        if (authMethod != null) {
            out.addRequestParam(TOKEN_ENDPOINT_AUTH_METHOD, authMethod);
        }
        return out;
    }

    private static long validity(String keyManagerName, Object value) throws APIManagementException {
        String v = Auth0KeyManagerSettings.text(value);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw KeyManagerError.refused(keyManagerName, ApplicationConstants.VALIDITY_PERIOD + " must be a whole number of seconds, got \"" + v + "\"");
        }
    }

}
