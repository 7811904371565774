package dev.apimauth0.km;

/**
 * Every string key the key manager reads or writes. The APIM values are literal copies of constants in
 * org.wso2.carbon.apimgt.impl 9.0.174, which this bundle must not import (it does not resolve outside
 * Carbon); the connector field names are those the connector configuration declares.
 */
public final class Auth0KeyManagerConstants {

    private Auth0KeyManagerConstants() {
    }

    // ---- key manager type (the stock Auth0 connector's type) ----
    public static final String DEFAULT_TYPE = "Auth0";

    // ---- connection fields (Admin Portal), stock names first ----
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    /** Management API audience, e.g. https://tenant.auth0.com/api/v2/. */
    public static final String AUDIENCE = "audience";
    /** Default API audience: where scopes are kept and which apps are granted when they name none. */
    public static final String API_AUDIENCE = "api_audience";
    /**
     * Auth0 API identifiers applications may be granted, comma-separated. Empty: only {@link #API_AUDIENCE};
     * {@link #ANY_API_AUDIENCE}: any API of the tenant except the Management API.
     */
    public static final String ALLOWED_API_AUDIENCES = "allowed_api_audiences";
    public static final String ANY_API_AUDIENCE = "*";
    public static final String DEFAULT_ALLOWED_API_AUDIENCES = "";
    public static final String CONNECT_TIMEOUT_MS = "connect_timeout_ms";
    public static final String READ_TIMEOUT_MS = "read_timeout_ms";
    public static final String SCOPE_SYNC = "scope_sync";
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 10000;
    public static final boolean DEFAULT_SCOPE_SYNC = true;

    // ---- application fields (Developer Portal) ----
    public static final String APP_TYPE = "app_type";
    public static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    public static final String AUDIENCE_OF_API = "audience_of_api";
    public static final String DEFAULT_APP_TYPE = "non_interactive";
    public static final String DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD = "client_secret_post";

    // ---- impl APIConstants.KeyManager (KeyManagerConfiguration parameters) ----
    public static final String ISSUER = "issuer";
    public static final String TOKEN_ENDPOINT = "token_endpoint";
    public static final String REVOKE_ENDPOINT = "revoke_endpoint";
    public static final String AUTHORIZE_ENDPOINT = "authorize_endpoint";
    public static final String USERINFO_ENDPOINT = "userinfo_endpoint";
    public static final String WELL_KNOWN_ENDPOINT = "well_known_endpoint";
    public static final String CLIENT_REGISTRATION_ENDPOINT = "client_registration_endpoint";
    public static final String INTROSPECTION_ENDPOINT = "introspection_endpoint";
    public static final String SCOPE_ENDPOINT = "scope_endpoint";
    public static final String JWKS_ENDPOINT = "jwks_endpoint";
    public static final String GRANT_TYPES = "grant_types";
    public static final String CERTIFICATE_TYPE = "certificate_type";
    public static final String CERTIFICATE_TYPE_JWKS = "JWKS";
    public static final String CERTIFICATE_VALUE = "certificate_value";
    public static final String CONSUMER_KEY_CLAIM = "consumer_key_claim";
    public static final String SCOPES_CLAIM = "scopes_claim";
    /** The default claims of the Auth0 type (the connector's getDefaultConsumerKeyClaim, getDefaultScopesClaim). */
    public static final String DEFAULT_CONSUMER_KEY_CLAIM = "azp";
    public static final String DEFAULT_SCOPES_CLAIM = "scope";
    public static final String ENABLE_TOKEN_GENERATION = "enable_token_generation";
    public static final String ENABLE_OAUTH_APP_CREATION = "enable_oauth_app_creation";
    public static final String ENABLE_MAP_OAUTH_CONSUMER_APPS = "enable_map_oauth_consumer_apps";
    public static final String VALIDATION_TYPE = "validation_type";
    public static final String TYPE = "type";
    public static final String TENANT_DOMAIN = "tenantDomain";

    // ---- impl APIConstants (OAuthApplicationInfo parameters) ----
    public static final String JSON_ADDITIONAL_PROPERTIES = "additionalProperties";
    public static final String JSON_GRANT_TYPES = "grant_types";
    public static final String JSON_CLIENT_ID = "client_id";
    public static final String JSON_CLIENT_SECRET = "client_secret";
    public static final String JSON_USERNAME = "username";
    public static final String TOKEN_SCOPE = "tokenScope";
    public static final String OAUTH2_DEFAULT_SCOPE = "default";
    /** APIM's internal application scope, never a scope of an Auth0 API. */
    public static final String AM_APPLICATION_SCOPE = "am_application_scope";
    public static final String GRANT_TYPE_CLIENT_CREDENTIALS = "client_credentials";
    /** impl APIConstants.KeyValidationStatus.API_AUTH_INVALID_CREDENTIALS. */
    public static final int API_AUTH_INVALID_CREDENTIALS = 900901;
    /** impl APIConstants.KeyManager.ACCESS_TOKEN: the key under which getUserClaims receives the token. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** The key this connector read before; still accepted from callers that use it. */
    public static final String LEGACY_ACCESS_TOKEN = "access_token";

    // ---- parameters this key manager adds to AccessTokenInfo for an invalid token ----
    public static final String TOKEN_INFO_REASON = "reason";
    public static final String TOKEN_INFO_DESCRIPTION = "description";

    // ---- client_metadata keys this key manager writes on Auth0 applications (Auth0 allows 10, 255 chars each) ----
    public static final String META_OWNER = "apim_owner";
    public static final String META_APPLICATION = "apim_application";
    public static final String META_KEY_TYPE = "apim_key_type";
    public static final String META_TENANT = "apim_tenant";
    public static final String META_AUDIENCE = "apim_audience";
}
