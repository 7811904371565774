package dev.apimauth0.core.token;

/**
 * Why a token was rejected. The {@link #code()} strings are stable: operators alert on them,
 * the README's troubleshooting table lists them, and tests pin them.
 */
public enum Reason {
    /** No Authorization header, or not a Bearer credential, on a path that requires one. */
    TOKEN_MISSING("token_missing", 401, "The request carries no bearer token"),
    /** The token is longer than the configured cap; nothing of it was decoded. */
    TOKEN_TOO_LARGE("token_too_large", 401, "The access token is larger than this gateway accepts"),
    /** Not three base64url parts, or a part that does not decode. */
    TOKEN_MALFORMED("token_malformed", 401, "The access token is not a well-formed JWT"),
    /** The JOSE header or the claims are not the JSON object a JWT must carry. */
    TOKEN_UNPARSABLE("token_unparsable", 401, "The access token header or claims are not valid JSON"),
    /** The issuer is not a configured Auth0 tenant, on a path marked Auth0-only. */
    ISSUER_UNTRUSTED("issuer_untrusted", 401, "The access token issuer is not trusted here"),
    /** The header's alg is not allowed for the issuer (none, HS*, or a mismatch). */
    ALGORITHM_NOT_ALLOWED("algorithm_not_allowed", 401, "The access token signing algorithm is not allowed"),
    /** The header has no kid, or the tenant's JWKS has no key with that kid. */
    KEY_UNKNOWN("key_unknown", 401, "The access token signing key is unknown"),
    /** The JWKS could not be fetched and no key for this kid is cached: fail closed. */
    KEYS_UNAVAILABLE("keys_unavailable", 401, "The signing keys of the access token issuer are unavailable; retry later"),
    /** The signature does not verify with the tenant's key. */
    SIGNATURE_INVALID("signature_invalid", 401, "The access token signature is invalid"),
    /** exp is in the past (beyond the leeway), or missing. */
    TOKEN_EXPIRED("token_expired", 401, "The access token expired or has no expiry"),
    /** nbf is in the future (beyond the leeway). */
    TOKEN_NOT_YET_VALID("token_not_yet_valid", 401, "The access token is not valid yet"),
    /** iat is in the future (beyond the leeway). */
    ISSUED_IN_FUTURE("issued_in_future", 401, "The access token is issued in the future"),
    /** None of the token's audiences is configured for the issuer. */
    AUDIENCE_MISMATCH("audience_mismatch", 401, "The access token is not meant for this API (audience)"),
    /** azp is not on the configured allow-list. */
    AZP_NOT_ALLOWED("azp_not_allowed", 401, "The access token client (azp) is not allowed here"),
    /**
     * The request path is spelled so that backends may read it as different resources (an escaped '/', '\\'
     * or '%', a raw '\\', '..' above the root): refused with 400 whenever path rules are configured.
     */
    PATH_AMBIGUOUS("path_ambiguous", 400, "The request path is spelled ambiguously"),
    /** The token lacks a scope that the request path requires. */
    SCOPE_INSUFFICIENT("insufficient_scope", 403, "The access token lacks a scope this resource requires");

    private final String code;
    private final int httpStatus;
    private final String description;

    Reason(String code, int httpStatus, String description) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.description = description;
    }

    /**
     * Fixed text for clients and logs (the error_description of WWW-Authenticate); it never contains
     * anything from the request.
     */
    public String description() {
        return description;
    }

    /** The reason for a stable code, or null. */
    public static Reason fromCode(String code) {
        for (Reason r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        return null;
    }

    /** Stable, lower-case reason code. */
    public String code() {
        return code;
    }

    /** 401, 403 for a scope failure, 400 for an ambiguous path. */
    public int httpStatus() {
        return httpStatus;
    }
}
