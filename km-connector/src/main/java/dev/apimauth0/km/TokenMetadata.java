package dev.apimauth0.km;

import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.VerifiedToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * What the gateway learns of a token through the key manager (canHandleToken, getTokenMetaData, getUserClaims), read
 * only from the claims of a token core's guard verified: no other JWT reader. Consumer key and scopes come from the
 * claims the administrator named (consumer_key_claim, scopes_claim), as APIM's own DefaultJWTTransformer reads them
 * for the JWT validator path.
 */
final class TokenMetadata {

    private static final Log LOG = LogFactory.getLog(TokenMetadata.class);

    private final Auth0KeyManagerSettings settings;
    private final TokenGuard guard;
    /** False when no API audience is set: tokens are then recognised as the tenant's, never valid. */
    private final boolean validating;

    TokenMetadata(Auth0KeyManagerSettings settings, TokenGuard guard, boolean validating) {
        this.settings = settings;
        this.guard = guard;
        this.validating = validating;
    }

    /**
     * DefaultKeyValidationHandler (9.0.174) caches whatever this returns for the token cache's lifetime, valid or
     * not: failures that may pass (keys unavailable, internal errors) are thrown, never answered as invalid.
     */
    AccessTokenInfo metaData(String accessToken) throws APIManagementException {
        AccessTokenInfo info = new AccessTokenInfo();
        info.setTokenValid(false);
        info.setKeyManager(settings.name);
        if (!validating) {
            return invalid(info, "not_configured", "this key manager has no " + API_AUDIENCE + " or "
                    + ALLOWED_API_AUDIENCES + " to validate tokens for");
        }
        if (Values.isBlank(accessToken)) {
            return invalid(info, "token_missing", "no token was given");
        }
        GuardDecision d;
        try {
            d = guard.verify(accessToken.trim());
        } catch (RuntimeException e) {
            LOG.error("Auth0 token validation failed unexpectedly: " + e.getClass().getSimpleName());
            throw KeyManagerError.refused(settings.name, "the token could not be validated (internal error "
                    + e.getClass().getSimpleName() + "); try again");
        }
        if (d.reason() == Reason.KEYS_UNAVAILABLE) {
            // transient: answering invalid would keep a genuine token rejected after the JWKS is back
            throw KeyManagerError.refused(settings.name, "the signing keys of " + settings.issuer + " are unavailable ("
                    + d.reason().code() + "); try again");
        }
        if (d.outcome() == GuardDecision.Outcome.PASS_THROUGH) {
            return invalid(info, "issuer_untrusted", "the token was not issued by this Auth0 tenant");
        }
        if (d.outcome() != GuardDecision.Outcome.ACCEPTED) {
            return invalid(info, d.reason() == null ? "invalid_token" : d.reason().code(),
                    d.description() == null ? "the token is not valid" : d.description());
        }
        VerifiedToken t = d.token();
        String consumerKey = consumerKey(t);
        if (consumerKey == null) {
            // the token is genuine but names no application APIM knows: that does not change, so it may be cached
            return invalid(info, "consumer_key_missing", "the token has no text claim \"" + settings.consumerKeyClaim
                    + "\" (" + CONSUMER_KEY_CLAIM + ") naming its application");
        }
        info.setTokenValid(true);
        info.setAccessToken(accessToken);
        info.setConsumerKey(consumerKey);
        info.setEndUserName(t.subject());
        info.setScope(scopes(t).toArray(new String[0]));
        long iat = t.issuedAt() > 0 ? t.issuedAt() : System.currentTimeMillis() / 1000;
        info.setIssuedTime(iat * 1000L);
        info.setValidityPeriod(Math.max(0, t.expiresAt() - iat) * 1000L);
        info.setApplicationToken("client-credentials".equals(String.valueOf(t.claims().get("gty"))));
        info.addParameter("exp", t.expiresAt());
        info.addParameter("sub", t.subject());
        return info;
    }

    /** The consumer key from consumer_key_claim (azp: core's authorized party), null when absent or not text. */
    private String consumerKey(VerifiedToken t) {
        if (DEFAULT_CONSUMER_KEY_CLAIM.equals(settings.consumerKeyClaim)) {
            return t.authorizedParty();
        }
        Object v = t.claims().get(settings.consumerKeyClaim);
        return v instanceof String && !((String) v).isEmpty() ? (String) v : null;
    }

    /**
     * The scopes from scopes_claim: scope is core's reading (the space-separated scope claim plus Auth0 RBAC's
     * permissions); any other claim is read as APIM does, a space-separated string or a list of strings.
     */
    private List<String> scopes(VerifiedToken t) {
        if (DEFAULT_SCOPES_CLAIM.equals(settings.scopesClaim)) {
            return new ArrayList<>(t.scopes());
        }
        List<String> out = new ArrayList<>();
        Object v = t.claims().get(settings.scopesClaim);
        if (v instanceof String) {
            for (String part : ((String) v).split(" ")) {
                if (!part.isEmpty() && !out.contains(part)) {
                    out.add(part);
                }
            }
        } else if (v instanceof Collection) {
            for (Object o : (Collection<?>) v) {
                if (o != null && !out.contains(String.valueOf(o))) {
                    out.add(String.valueOf(o));
                }
            }
        }
        return out;
    }

    private static AccessTokenInfo invalid(AccessTokenInfo info, String reason, String description) {
        info.setTokenValid(false);
        info.setErrorcode(API_AUTH_INVALID_CREDENTIALS);
        info.addParameter(TOKEN_INFO_REASON, reason);
        info.addParameter(TOKEN_INFO_DESCRIPTION, description);
        return info;
    }

    /**
     * A JWT whose iss is this tenant's, or one a lenient reader (APIM's) would read so (core's isOurs): such tokens
     * are judged here, never by another key manager.
     */
    boolean canHandle(String accessToken) {
        return !Values.isBlank(accessToken) && guard.isOurs(accessToken.trim());
    }

    /** The claims of a verified token (Auth0 client_credentials tokens carry no user: they are all there is). */
    Map<String, String> userClaims(Map<String, Object> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        // JWTGenerator.populateCustomClaims (9.0.174) passes the token under APIConstants.KeyManager.ACCESS_TOKEN
        Object token = properties == null ? null : properties.get(ACCESS_TOKEN);
        if (token == null && properties != null) {
            token = properties.get(LEGACY_ACCESS_TOKEN);
        }
        if (!(token instanceof String) || !validating) {
            return out;
        }
        GuardDecision d = guard.verify(((String) token).trim());
        if (d.outcome() != GuardDecision.Outcome.ACCEPTED) {
            return out;
        }
        for (Map.Entry<String, Object> e : d.token().claims().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map || (v instanceof Collection && Values.nests((Collection<?>) v))) {
                out.put(e.getKey(), Values.json(v)); // a custom claim of objects: its JSON, not Java's toString
            } else if (v instanceof Collection) {
                StringBuilder sb = new StringBuilder();
                for (Object item : (Collection<?>) v) {
                    sb.append(sb.length() == 0 ? "" : " ").append(item);
                }
                out.put(e.getKey(), sb.toString());
            } else if (v != null) {
                out.put(e.getKey(), String.valueOf(v));
            }
        }
        return out;
    }
}
