package dev.apimauth0.km;

import dev.apimauth0.auth0.client.ApplicationSpec;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.ApplicationConstants;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * What the Developer Portal asked for in Generate Keys or Update Keys, checked before anything is written to Auth0,
 * and the Auth0 application it becomes. Immutable.
 */
final class ApplicationRequest {

    final String clientName;
    final String owner;
    final String keyType;
    /** Auth0's app_type: the one given, else the default. */
    final String appType;
    final boolean appTypeGiven;
    final String authMethod;
    final boolean authMethodGiven;
    /** The audience given; for a create without one, api_audience; for an update without one, null. */
    final String audience;
    final boolean audienceGiven;
    /** Null on an update that names none (the application keeps its own). */
    final List<String> grantTypes;
    final List<String> callbacks;
    /** The scopes asked for, without APIM's own (default). */
    final List<String> scopes;
    final boolean scopesGiven;

    private ApplicationRequest(OAuthApplicationInfo info, boolean forUpdate, Auth0KeyManagerSettings s)
            throws APIManagementException {
        Map<String, Object> props = Values.additionalProperties(info, s.name);
        clientName = info.getClientName();
        owner = Values.firstText(info.getParameter(ApplicationConstants.OAUTH_CLIENT_USERNAME), info.getAppOwner());
        keyType = Values.text(info.getParameter(ApplicationConstants.APP_KEY_TYPE));
        String givenAppType = ApplicationFields.appType(props.get(APP_TYPE), s.name);
        appTypeGiven = givenAppType != null;
        appType = appTypeGiven ? givenAppType : DEFAULT_APP_TYPE;
        String givenAuthMethod = ApplicationFields.authMethod(props.get(TOKEN_ENDPOINT_AUTH_METHOD), s.name);
        authMethodGiven = givenAuthMethod != null;
        authMethod = authMethodGiven ? givenAuthMethod : DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD;
        if (!forUpdate) {
            // an update is checked against the application's own type and method, read from Auth0
            ApplicationFields.refuseAuthMethodNone(authMethod, appType, s.name);
        }
        String givenAudience = Values.text(props.get(AUDIENCE_OF_API));
        audienceGiven = givenAudience != null;
        audience = audienceGiven ? givenAudience : forUpdate ? null : s.apiAudience;
        if (audience == null && !forUpdate) {
            throw KeyManagerError.refused(s.name, AUDIENCE_OF_API + " is required: this key manager has no "
                    + API_AUDIENCE + " to fall back to");
        }
        AudiencePolicy.refuseUngrantable(audience, s);
        List<String> grants = ApplicationFields.grantTypes(info.getParameter(JSON_GRANT_TYPES), s.name);
        if (grants.isEmpty() && !forUpdate) {
            grants = Collections.singletonList(GRANT_TYPE_CLIENT_CREDENTIALS);
        }
        grantTypes = grants.isEmpty() ? null : grants;
        callbacks = Values.list(info.getCallBackURL());
        ApplicationFields.requireCallback(grantTypes, callbacks, s.name);
        Object tokenScope = info.getParameter(TOKEN_SCOPE);
        scopesGiven = tokenScope != null;
        scopes = GrantScopes.meaningful(Values.list(tokenScope));
    }

    /** Generate Keys: every field is checked, absent ones take their defaults. */
    static ApplicationRequest forCreate(OAuthApplicationInfo info, Auth0KeyManagerSettings s) throws APIManagementException {
        return new ApplicationRequest(info, false, s);
    }

    /** Update Keys: what is absent stays as the application has it in Auth0. */
    static ApplicationRequest forUpdate(OAuthApplicationInfo info, Auth0KeyManagerSettings s) throws APIManagementException {
        return new ApplicationRequest(info, true, s);
    }

    /**
     * The Auth0 application: on a create every field is written; on an update only those given. Named (owner,
     * application, key type) when {@code withName}; tagged with APIM's owner, application, key type, tenant and the
     * audience its grant is for.
     */
    ApplicationSpec spec(String tenantDomain, String grantAudience, boolean withName, boolean create) {
        ApplicationSpec spec = new ApplicationSpec().callbacks(callbacks);
        if (create || appTypeGiven) {
            spec.appType(appType);
        }
        if (create || authMethodGiven) {
            spec.tokenEndpointAuthMethod(authMethod);
        }
        if (grantTypes != null) {
            spec.grantTypes(grantTypes);
        }
        if (withName) {
            spec.name(ApplicationNames.name(tenantDomain, owner, clientName, keyType));
        }
        spec.clientMetadata(metadata(tenantDomain, owner, clientName, keyType, grantAudience, null));
        return spec;
    }

    /** client_metadata as this connector writes it (Auth0 allows 10 keys of 255 characters each). */
    static Map<String, String> metadata(String tenantDomain, String owner, String application, String keyType,
                                        String audience, Map<String, String> existing) {
        Map<String, String> meta = existing == null ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(existing);
        put(meta, META_OWNER, owner);
        put(meta, META_APPLICATION, application);
        put(meta, META_KEY_TYPE, keyType);
        put(meta, META_TENANT, tenantDomain);
        put(meta, META_AUDIENCE, audience);
        return meta;
    }

    private static void put(Map<String, String> meta, String key, String value) {
        if (value != null && !value.isEmpty()) {
            meta.put(key, value.length() > 255 ? value.substring(0, 255) : value);
        }
    }
}
