package dev.apimauth0.validator;

import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.VerifiedToken;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JWTValidationInfo 9.0.174's gateway reads, filled from a verified token only (never from APIM's own parse). */
final class ValidationInfos {

    /** impl APIConstants.KeyValidationStatus.API_AUTH_INVALID_CREDENTIALS. */
    static final int INVALID_CREDENTIALS = 900901;
    /** gateway APISecurityConstants.API_AUTH_ACCESS_TOKEN_EXPIRED ("Access Token Expired"). */
    static final int ACCESS_TOKEN_EXPIRED = 900903;
    /** DefaultJWTTransformer.getTransformedScopes: a token without a scope claim has APIM's default scope. */
    static final String DEFAULT_SCOPE = "default";

    private ValidationInfos() {
    }

    static JWTValidationInfo invalid(Reason reason) {
        JWTValidationInfo info = new JWTValidationInfo();
        info.setValid(false);
        info.setValidationCode(reason == Reason.TOKEN_EXPIRED ? ACCESS_TOKEN_EXPIRED : INVALID_CREDENTIALS);
        return info;
    }

    /**
     * What the gateway needs: consumerKey (else 403, JWTValidator.validateSubscriptionUsingKeyManager), non-null
     * scopes (validateScopes), expiryTime in ms (checkTokenExpiration on cached entries), user and appToken
     * (GatewayUtils.getEndUserFromJWTValidationInfo), issuer, claims (backend JWT), jti and the raw token.
     */
    static JWTValidationInfo valid(VerifiedToken t, String token, ValidatorSettings s) {
        Map<String, Object> claims = t.claims();
        JWTValidationInfo info = new JWTValidationInfo();
        info.setValid(true);
        info.setIssuer(t.issuer());
        info.setUser(t.subject());
        info.setExpiryTime(t.expiresAt() * 1000L);
        if (t.issuedAt() > 0) {
            info.setIssuedTime(t.issuedAt() * 1000L);
        }
        info.setConsumerKey(ValidatorSettings.DEFAULT_CONSUMER_KEY_CLAIM.equals(s.consumerKeyClaim)
                ? t.authorizedParty() : text(claims.get(s.consumerKeyClaim)));
        info.setScopes(scopes(t, claims, s));
        // Auth0 marks client_credentials tokens with gty; APIM then takes the application's owner as end user
        info.setAppToken("client-credentials".equals(claims.get("gty")));
        Object jti = claims.get("jti");
        if (jti instanceof String) {
            info.setJti((String) jti);
        }
        info.setClaims(mapped(claims, s.claimMappings));
        info.setRawPayload(token);
        return info;
    }

    private static List<String> scopes(VerifiedToken t, Map<String, Object> claims, ValidatorSettings s) {
        List<String> out = new ArrayList<>();
        if (ValidatorSettings.DEFAULT_SCOPES_CLAIM.equals(s.scopesClaim)) {
            out.addAll(t.scopes()); // scope, plus Auth0 RBAC's permissions
        } else {
            Object v = claims.get(s.scopesClaim);
            if (v instanceof String) {
                for (String part : ((String) v).split(" ")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            } else if (v instanceof Collection) {
                for (Object o : (Collection<?>) v) {
                    out.add(String.valueOf(o));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(DEFAULT_SCOPE);
        }
        return out;
    }

    /** Serializable copies (APIM may put the info in a distributed cache), claim names mapped as configured. */
    private static Map<String, Object> mapped(Map<String, Object> claims, Map<String, String> mappings) {
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            String name = mappings.containsKey(e.getKey()) ? mappings.get(e.getKey()) : e.getKey();
            Object v = e.getValue();
            out.put(name, v instanceof Collection ? new ArrayList<>((Collection<?>) v) : v);
        }
        return out;
    }

    private static String text(Object v) {
        return v instanceof String ? (String) v : null;
    }

    /** A short, non-reversible name of a token for logs (never the token itself): the pack's one token hash. */
    static String hash(String token) {
        return "sha256:" + dev.apimauth0.core.token.TokenHash.of(token);
    }
}
