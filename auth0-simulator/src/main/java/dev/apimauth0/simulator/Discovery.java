package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static dev.apimauth0.simulator.Params.array;

/**
 * {@code /.well-known/openid-configuration} as an Auth0 tenant serves it: the issuer with its trailing slash, the
 * token, userinfo, revocation and registration endpoints, the JWKS URI, and no introspection endpoint.
 */
final class Discovery {

    private Discovery() {
    }

    /** The document for a tenant at {@code baseUrl} (with its trailing slash). */
    static ObjectNode document(String baseUrl) {
        ObjectNode d = SimJwt.JSON.createObjectNode();
        d.put("issuer", baseUrl);
        d.put("authorization_endpoint", baseUrl + "authorize");
        d.put("token_endpoint", baseUrl + "oauth/token");
        d.put("device_authorization_endpoint", baseUrl + "oauth/device/code");
        d.put("userinfo_endpoint", baseUrl + "userinfo");
        d.put("mfa_challenge_endpoint", baseUrl + "mfa/challenge");
        d.put("jwks_uri", baseUrl + ".well-known/jwks.json");
        d.put("registration_endpoint", baseUrl + "oidc/register");
        d.put("revocation_endpoint", baseUrl + "oauth/revoke");
        d.put("end_session_endpoint", baseUrl + "oidc/logout");
        array(d, "scopes_supported", "openid", "profile", "offline_access", "name", "given_name", "family_name",
                "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address");
        array(d, "response_types_supported", "code", "token", "id_token", "code token", "code id_token",
                "token id_token", "code token id_token");
        array(d, "code_challenge_methods_supported", "S256", "plain");
        array(d, "response_modes_supported", "query", "fragment", "form_post");
        array(d, "subject_types_supported", "public");
        array(d, "id_token_signing_alg_values_supported", "HS256", "RS256", "PS256");
        array(d, "token_endpoint_auth_methods_supported", "client_secret_basic", "client_secret_post",
                "private_key_jwt");
        array(d, "claims_supported", "aud", "auth_time", "created_at", "email", "email_verified", "exp",
                "family_name", "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number",
                "picture", "sub");
        d.put("request_uri_parameter_supported", false);
        d.put("request_parameter_supported", false);
        return d;
    }
}
