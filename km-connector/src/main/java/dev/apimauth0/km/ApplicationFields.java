package dev.apimauth0.km;

import org.wso2.carbon.apimgt.api.APIManagementException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.APP_TYPE;
import static dev.apimauth0.km.Auth0KeyManagerConstants.JSON_GRANT_TYPES;
import static dev.apimauth0.km.Auth0KeyManagerConstants.TOKEN_ENDPOINT_AUTH_METHOD;

/**
 * The rules for the Developer Portal's application fields and grant types, written once: Generate Keys, Update Keys
 * and the JSON helpers (buildFromJSON) all check through here, so a value is refused the same way, with the same
 * message, before anything is written to Auth0.
 */
final class ApplicationFields {

    static final Set<String> APP_TYPES = ordered("non_interactive", "regular_web", "spa", "native");
    static final Set<String> AUTH_METHODS = ordered("client_secret_post", "client_secret_basic", "none");
    /**
     * Every grant type an Auth0 application can hold (Auth0's Management API, CreateClientRequestContent.grant_types),
     * by the names Auth0 and the Admin Portal use. All are passed to Auth0; tokens are issued here for
     * client_credentials only, and the others are refused only when such a token is asked of this key manager.
     */
    static final Set<String> AUTH0_GRANT_TYPES = ordered(
            "client_credentials", "authorization_code", "implicit", "refresh_token", "password",
            "http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/grant-type/mfa-oob",
            "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-recovery-code",
            "http://auth0.com/oauth/grant-type/passwordless/otp", "urn:openid:params:grant-type:ciba",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token");

    private ApplicationFields() {
    }

    /** The application type in Auth0's spelling, or null when none is given. */
    static String appType(Object value, String keyManagerName) throws APIManagementException {
        return oneOf(APP_TYPE, APP_TYPES, value, keyManagerName);
    }

    /** The token endpoint auth method in Auth0's spelling, or null when none is given. */
    static String authMethod(Object value, String keyManagerName) throws APIManagementException {
        return oneOf(TOKEN_ENDPOINT_AUTH_METHOD, AUTH_METHODS, value, keyManagerName);
    }

    private static String oneOf(String field, Set<String> allowed, Object value, String keyManagerName)
            throws APIManagementException {
        String given = Values.text(value);
        if (given == null) {
            return null;
        }
        String v = given.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw KeyManagerError.refused(keyManagerName, field + " must be one of " + Values.join(allowed, ", ")
                    + ", got \"" + given + "\"");
        }
        return v;
    }

    /** The grant types given, each one Auth0 knows; empty when none are given. */
    static List<String> grantTypes(Object value, String keyManagerName) throws APIManagementException {
        List<String> grants = Values.list(value);
        List<String> unknown = new ArrayList<>();
        for (String g : grants) {
            if (!AUTH0_GRANT_TYPES.contains(g)) {
                unknown.add(g);
            }
        }
        if (!unknown.isEmpty()) {
            throw KeyManagerError.refused(keyManagerName, JSON_GRANT_TYPES + ": Auth0 has no grant type "
                    + Values.join(unknown, ", ") + "; Auth0 applications can use " + Values.join(AUTH0_GRANT_TYPES, ", ")
                    + " (an administrator can remove the others from the key manager's grant types in the Admin Portal)");
        }
        return grants;
    }

    /** Auth0 sends authorization codes and implicit tokens only to a registered callback. */
    static void requireCallback(Collection<String> grantTypes, Collection<String> callbacks, String keyManagerName)
            throws APIManagementException {
        if (grantTypes != null && (grantTypes.contains("authorization_code") || grantTypes.contains("implicit"))
                && (callbacks == null || callbacks.isEmpty())) {
            throw KeyManagerError.refused(keyManagerName,
                    "callback_url is required for the authorization_code and implicit grant types");
        }
    }

    /** Only public clients (spa, native) may go without a secret. */
    static void refuseAuthMethodNone(String authMethod, String appType, String keyManagerName)
            throws APIManagementException {
        if ("none".equals(authMethod) && !("spa".equals(appType) || "native".equals(appType))) {
            throw KeyManagerError.refused(keyManagerName, TOKEN_ENDPOINT_AUTH_METHOD
                    + " none is only for spa and native applications; " + appType + " applications authenticate with a secret");
        }
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(values)));
    }
}
