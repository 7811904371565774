package dev.apimauth0.validator;

import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.VerifiedToken;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
     * <p>
     * A new info per call, over parts built once per verified token and shared: APIM writes into the info it gets
     * (JWTValidationServiceImpl.validateJWTToken sets the key manager, the gateway JWTValidator.checkTokenExpiration
     * marks a cached one invalid), never into its claims map or scope list, which its own JWTValidatorImpl fills with
     * nimbus's unmodifiable claims map. Ours are unmodifiable too, and serializable (APIM may put the info in a
     * distributed cache, GatewayKeyCache).
     */
    static JWTValidationInfo valid(Parts p, String token) {
        JWTValidationInfo info = new JWTValidationInfo();
        info.setValid(true);
        info.setIssuer(p.issuer);
        info.setUser(p.user);
        info.setExpiryTime(p.expiryMillis);
        if (p.issuedMillis > 0) {
            info.setIssuedTime(p.issuedMillis);
        }
        info.setConsumerKey(p.consumerKey);
        info.setScopes(p.scopes);
        info.setAppToken(p.appToken);
        if (p.jti != null) {
            info.setJti(p.jti);
        }
        info.setClaims(p.claims);
        info.setRawPayload(token);
        return info;
    }

    /** What one validator's settings make of one verified token: immutable, kept with the token while cached. */
    static final class Parts {
        final boolean issuerTrusted;
        final String issuer;
        final String user;
        final long expiryMillis;
        final long issuedMillis;
        final String consumerKey;
        final List<String> scopes;
        final Boolean appToken;
        final String jti;
        final Map<String, Object> claims;

        Parts(VerifiedToken t, ValidatorSettings s) {
            Map<String, Object> c = t.claims();
            issuerTrusted = s.issuer.equals(t.issuer());
            issuer = t.issuer();
            user = t.subject();
            expiryMillis = t.expiresAt() * 1000L;
            issuedMillis = t.issuedAt() > 0 ? t.issuedAt() * 1000L : 0L;
            consumerKey = ValidatorSettings.DEFAULT_CONSUMER_KEY_CLAIM.equals(s.consumerKeyClaim)
                    ? t.authorizedParty() : text(c.get(s.consumerKeyClaim));
            scopes = Collections.unmodifiableList(scopes(t, c, s));
            // Auth0 marks client_credentials tokens with gty; APIM then takes the application's owner as end user
            appToken = "client-credentials".equals(c.get("gty"));
            Object j = c.get("jti");
            jti = j instanceof String ? (String) j : null;
            claims = mapped(c, s.claimMappings);
        }

        /** The derivation a validator's settings hand to {@link VerifiedToken#derived}: one instance per settings. */
        static Function<VerifiedToken, Parts> of(ValidatorSettings s) {
            return t -> new Parts(t, s);
        }
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

    /**
     * The claims under the names APIM's Admin Portal maps them to. The verified token's own map when no name
     * changes (unmodifiable, serializable, its lists unmodifiable): shared, never copied.
     */
    private static Map<String, Object> mapped(Map<String, Object> claims, Map<String, String> mappings) {
        boolean renames = false;
        for (String name : claims.keySet()) {
            String to = mappings.get(name);
            if (to != null && !to.equals(name)) {
                renames = true;
                break;
            }
        }
        if (!renames) {
            return claims;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            String name = mappings.containsKey(e.getKey()) ? mappings.get(e.getKey()) : e.getKey();
            Object v = e.getValue();
            out.put(name, v instanceof List ? Collections.unmodifiableList(new ArrayList<>((List<?>) v)) : v);
        }
        return Collections.unmodifiableMap(out);
    }

    private static String text(Object v) {
        return v instanceof String ? (String) v : null;
    }

    /** A short, non-reversible name of a token for logs (never the token itself): the pack's one token hash. */
    static String hash(String token) {
        return dev.apimauth0.core.token.TokenHash.tag(token);
    }
}
