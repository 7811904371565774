package dev.apimauth0.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.simulator.BodyRule.any;
import static dev.apimauth0.simulator.BodyRule.arrayOf;
import static dev.apimauth0.simulator.BodyRule.bool;
import static dev.apimauth0.simulator.BodyRule.closed;
import static dev.apimauth0.simulator.BodyRule.integer;
import static dev.apimauth0.simulator.BodyRule.mapOf;
import static dev.apimauth0.simulator.BodyRule.object;
import static dev.apimauth0.simulator.BodyRule.string;

/**
 * The request bodies the simulator's Management API accepts, written after the request schemas of Auth0's OpenAPI
 * document of Management API v2 ({@code CreateClientRequestContent} and so on): every member the definition lists is
 * accepted, with its type, lengths, enums and formats; members it does not list are refused. Members the simulator
 * does not act on keep only their JSON type. A contract test holds the simulator to the definition; where this table
 * is deliberately different, {@code ContractExceptions} in the tests names the case and its evidence.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static final Set<String> APP_TYPES = Set.of(
            "native", "spa", "regular_web", "non_interactive", "resource_server", "express_configuration", "rms", "box",
            "cloudbees", "concur", "dropbox", "mscrm", "echosign", "egnyte", "newrelic", "office365", "salesforce",
            "sentry", "sharepoint", "slack", "springcm", "zendesk", "zoom", "sso_integration", "oag");
    static final Set<String> AUTH_METHODS = Set.of("none", "client_secret_post", "client_secret_basic");
    /** Stricter than the definition (any non-empty string): the grant types its description lists, and newer ones. */
    static final Set<String> GRANT_TYPES = Set.of(
            "authorization_code", "implicit", "refresh_token", "client_credentials", "password",
            "http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/grant-type/mfa-oob",
            "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-recovery-code",
            "http://auth0.com/oauth/grant-type/passwordless/otp", "urn:openid:params:grant-type:ciba",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token");
    static final Set<String> SIGNING_ALGS = Set.of("HS256", "RS256", "RS512", "PS256");
    static final Set<String> TOKEN_DIALECTS = Set.of(
            "access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz");
    static final Set<String> SUBJECT_TYPES = Set.of("client", "user");
    private static final Set<String> ORGANIZATION_USAGE = Set.of("deny", "allow", "require");

    /** Limits of a client's free text fields (CreateClientRequestContent). */
    static final int CLIENT_DESCRIPTION_MAX = 140;
    static final int CLIENT_METADATA_MAX_KEYS = 10;
    static final int CLIENT_METADATA_MAX_CHARS = 255;
    /** Limits of a resource server (ResourceServerScope, CreateResourceServerRequestContent). */
    static final int SCOPE_VALUE_MAX = 280;
    static final int SCOPE_DESCRIPTION_MAX = 500;
    static final int RESOURCE_SERVER_NAME_MAX = 200;
    static final int RESOURCE_SERVER_IDENTIFIER_MAX = 600;
    static final int TOKEN_LIFETIME_MAX = 2592000;

    private static final BodyRule NAME = string().length(1, null).pattern("^[^<>]+$");
    private static final BodyRule URLS = arrayOf(string().format("callback-url"));
    private static final BodyRule NON_EMPTY_STRINGS = arrayOf(string().length(1, null));

    static final BodyRule CREATE_CLIENT = closed(clientMembers(false), "name");
    static final BodyRule UPDATE_CLIENT = closed(clientMembers(true));

    private static Map<String, BodyRule> clientMembers(boolean update) {
        Map<String, BodyRule> m = new LinkedHashMap<>();
        m.put("name", NAME);
        m.put("description", string().length(null, CLIENT_DESCRIPTION_MAX));
        if (update) {
            m.put("client_secret", string().length(1, null));
        }
        m.put("logo_uri", string());
        m.put("callbacks", URLS);
        m.put("allowed_origins", URLS);
        m.put("web_origins", URLS);
        m.put("allowed_logout_urls", URLS);
        m.put("client_aliases", NON_EMPTY_STRINGS);
        m.put("allowed_clients", NON_EMPTY_STRINGS);
        m.put("grant_types", arrayOf(string().oneOf(GRANT_TYPES)));
        m.put("token_endpoint_auth_method", update ? string().oneOf(AUTH_METHODS).nullable() : string().oneOf(AUTH_METHODS));
        m.put("app_type", string().oneOf(APP_TYPES));
        m.put("client_metadata", mapOf(string().length(null, CLIENT_METADATA_MAX_CHARS), CLIENT_METADATA_MAX_KEYS));
        m.put("organization_usage", update ? string().oneOf(ORGANIZATION_USAGE).nullable() : string().oneOf(ORGANIZATION_USAGE));
        m.put("organization_require_behavior",
                update ? string().oneOf(Set.of("no_prompt", "pre_login_prompt", "post_login_prompt")).nullable()
                        : string().oneOf(Set.of("no_prompt", "pre_login_prompt", "post_login_prompt")));
        m.put("par_request_expiry", integer().range(10, 600).nullable());
        m.put("resource_server_identifier", string().length(1, RESOURCE_SERVER_IDENTIFIER_MAX));
        m.put("third_party_security_mode", string().oneOf(Set.of("strict", "permissive")));
        m.put("redirection_policy", string().oneOf(Set.of("allow_always", "open_redirect_protection")));
        m.put("cross_origin_loc", update ? string().nullable() : string());
        m.put("initiate_login_uri", string());
        m.put("custom_login_page", string());
        m.put("custom_login_page_preview", string());
        m.put("form_template", string());
        for (String b : new String[]{"is_token_endpoint_ip_header_trusted", "is_first_party", "oidc_conformant", "sso",
                "cross_origin_authentication", "sso_disabled", "custom_login_page_on",
                "require_pushed_authorization_requests", "require_proof_of_possession"}) {
            m.put(b, bool());
        }
        m.put("skip_non_verifiable_callback_uri_confirmation_prompt", update ? bool().nullable() : bool());
        for (String o : new String[]{"oidc_logout", "oidc_backchannel_logout", "jwt_configuration", "addons", "mobile",
                "signed_request_object", "token_vault_privileged_access"}) {
            m.put(o, object());
        }
        for (String o : new String[]{"session_transfer", "encryption_key", "refresh_token", "default_organization",
                "native_social_login", "fedcm_login", "token_quota", "token_exchange", "express_configuration",
                "my_organization_configuration", "client_authentication_methods"}) {
            m.put(o, object().nullable());
        }
        m.put("organization_discovery_methods", arrayOf(string().oneOf(Set.of("email", "organization_name"))).minItems(1).nullable());
        m.put("async_approval_notification_channels", arrayOf(string().oneOf(Set.of("guardian-push", "email"))).minItems(1).nullable());
        m.put("compliance_level", string().nullable());
        return m;
    }

    private static final BodyRule GRANT_SCOPES = arrayOf(string().length(1, SCOPE_VALUE_MAX));
    private static final BodyRule AUTHORIZATION_DETAILS_TYPES = arrayOf(string().length(1, 255));

    static final BodyRule CREATE_CLIENT_GRANT = closed(Map.of(
            "client_id", string(),
            "audience", string().length(1, null),
            "default_for", string().oneOf(Set.of("third_party_clients")),
            "organization_usage", string().oneOf(ORGANIZATION_USAGE),
            "allow_any_organization", bool(),
            "scope", GRANT_SCOPES,
            "subject_type", string().oneOf(SUBJECT_TYPES),
            "authorization_details_types", AUTHORIZATION_DETAILS_TYPES,
            "allow_all_scopes", bool()), "audience");

    static final BodyRule UPDATE_CLIENT_GRANT = closed(Map.of(
            "scope", GRANT_SCOPES.nullable(),
            "organization_usage", string().oneOf(ORGANIZATION_USAGE).nullable(),
            "allow_any_organization", bool().nullable(),
            "authorization_details_types", AUTHORIZATION_DETAILS_TYPES,
            "allow_all_scopes", bool().nullable()));

    static final BodyRule SCOPE = closed(Map.of(
            "value", string().length(1, SCOPE_VALUE_MAX),
            "description", string().length(null, SCOPE_DESCRIPTION_MAX)), "value");

    static final BodyRule CREATE_RESOURCE_SERVER = closed(resourceServerMembers(false), "identifier");
    static final BodyRule UPDATE_RESOURCE_SERVER = closed(resourceServerMembers(true));

    private static Map<String, BodyRule> resourceServerMembers(boolean update) {
        Map<String, BodyRule> m = new LinkedHashMap<>();
        m.put("name", string().length(null, RESOURCE_SERVER_NAME_MAX).pattern("^[^<>]+$"));
        if (!update) {
            m.put("identifier", string().length(1, RESOURCE_SERVER_IDENTIFIER_MAX));
        }
        m.put("scopes", arrayOf(SCOPE));
        m.put("signing_alg", string().oneOf(SIGNING_ALGS));
        m.put("signing_secret", string().length(16, null));
        m.put("allow_offline_access", bool());
        m.put("allow_online_access", bool());
        m.put("allow_online_access_with_ephemeral_sessions", bool());
        m.put("token_lifetime", integer().range(0, TOKEN_LIFETIME_MAX));
        // not in the definition, accepted by Auth0 (recorded POST and PATCH /resource-servers send it)
        m.put("token_lifetime_for_web", integer().range(0, TOKEN_LIFETIME_MAX));
        m.put("token_dialect", string().oneOf(TOKEN_DIALECTS));
        m.put("skip_consent_for_verifiable_first_party_clients", bool());
        m.put("enforce_policies", bool());
        m.put("token_encryption", object().nullable());
        m.put("consent_policy", string().oneOf(Set.of("transactional-authorization-with-mfa")).nullable());
        m.put("authorization_details", arrayOf(any()).nullable());
        m.put("proof_of_possession", object().nullable());
        m.put("subject_type_authorization", object());
        m.put("authorization_policy", object().nullable());
        return m;
    }
}
