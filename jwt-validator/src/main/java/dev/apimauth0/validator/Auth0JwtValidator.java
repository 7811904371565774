package dev.apimauth0.validator;

import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

/**
 * APIM's JWT validator for Auth0 key managers with "self validate JWT" on, named by the connector's
 * getJWTValidator(). 9.0.174's gateway calls it for every JWT whose iss is the key manager's issuer: the Synapse
 * JWT path (gateway handlers.security.jwt.JWTValidator, through impl JWTValidationServiceImpl) and the WebSocket
 * handshake (WebsocketInboundHandler). It verifies with core's token guard, failing closed:
 * <ul>
 * <li>forged, expired, wrong-audience, other-tenant and unverifiable tokens are invalid (APIM caches that);</li>
 * <li>when no key can be had (keys_unavailable) or on an internal error it throws: the gateway answers with a
 *     general error and caches nothing, so a genuine token works again as soon as the JWKS does.</li>
 * </ul>
 * KeyManagerHolder creates it with the public no-argument constructor and calls loadTokenIssuerConfiguration right
 * after the key manager's loadConfiguration, on the same thread; the key manager leaves its audiences there.
 */
public class Auth0JwtValidator implements JWTValidator {

    private static final Log LOG = LogFactory.getLog(Auth0JwtValidator.class);

    private volatile Loaded loaded;

    /** What loadTokenIssuerConfiguration produced: a working guard, or the reason every validation fails. */
    private static final class Loaded {
        final String issuer;
        final ValidatorSettings settings;
        final NodeGuardResolver guards;
        final String failure;

        Loaded(String issuer, ValidatorSettings settings, NodeGuardResolver guards, String failure) {
            this.issuer = issuer;
            this.settings = settings;
            this.guards = guards;
            this.failure = failure;
        }
    }

    public Auth0JwtValidator() {
        // KeyManagerHolder: Class.forName(name).newInstance()
    }

    @Override
    public void loadTokenIssuerConfiguration(TokenIssuerDto tokenIssuerConfigurations) {
        String issuer = tokenIssuerConfigurations == null ? null : tokenIssuerConfigurations.getIssuer();
        try {
            ValidatorSettings settings = ValidatorSettings.from(tokenIssuerConfigurations,
                    issuer == null ? null : NodeGuards.takeHandOver(issuer));
            NodeGuardResolver guards = new NodeGuardResolver(settings.guardConfig);
            loaded = new Loaded(issuer, settings, guards, null);
            LOG.info("Auth0 JWT validator for issuer " + issuer + " loaded: audiences "
                    + settings.guardConfig.providers().get(0).audiences() + ", JWKS "
                    + settings.guardConfig.providers().get(0).jwksUri()
                    + (guards.sharedWithGateway() ? ", verifying with the gateway token guard of this node" : ""));
        } catch (IllegalStateException | InvalidSettingException e) {
            // loadTokenIssuerConfiguration cannot throw: fail closed on every token instead, and say why once
            String failure = "Auth0 JWT validator for issuer " + issuer + " is not usable: " + e.getMessage();
            loaded = new Loaded(issuer, null, null, failure);
            LOG.error(failure + "; every token of this issuer is refused until the key manager is fixed");
        }
    }

    @Override
    public JWTValidationInfo validateToken(SignedJWTInfo signedJWTInfo) throws APIManagementException {
        Loaded l = loaded;
        if (l == null) {
            throw new APIManagementException("Auth0 JWT validator: loadTokenIssuerConfiguration has not run");
        }
        if (l.failure != null) {
            throw new APIManagementException(l.failure);
        }
        String token = signedJWTInfo == null ? null : signedJWTInfo.getToken();
        if (token == null || token.isEmpty()) {
            return ValidationInfos.invalid(null);
        }
        GuardDecision d;
        try {
            d = l.guards.guard().verify(token);
        } catch (RuntimeException e) {
            LOG.error("Auth0 JWT validator for issuer " + l.issuer + ": internal error " + e.getClass().getName()
                    + " on token " + ValidationInfos.hash(token));
            throw new APIManagementException("Auth0 JWT validator for issuer " + l.issuer
                    + ": the token could not be validated (internal error); try again");
        }
        switch (d.outcome()) {
            case ACCEPTED:
                // built on the token's first look by this validator, kept with the token in the guard's cache
                ValidationInfos.Parts parts = d.token().derived(l.settings.parts);
                if (!parts.issuerTrusted) {
                    // a gateway guard with several tenants accepted it for another one
                    debug(l, "issuer_untrusted", token);
                    return ValidationInfos.invalid(Reason.ISSUER_UNTRUSTED);
                }
                return ValidationInfos.valid(parts, token);
            case REJECTED:
                if (d.reason() == Reason.KEYS_UNAVAILABLE) {
                    LOG.warn("Auth0 JWT validator for issuer " + l.issuer + ": signing keys unavailable for token "
                            + ValidationInfos.hash(token) + " (" + d.reason().code() + "); refused without caching");
                    throw new APIManagementException("Auth0 JWT validator for issuer " + l.issuer
                            + ": the signing keys are unavailable (" + d.reason().code() + "); try again");
                }
                debug(l, d.reason().code(), token);
                return ValidationInfos.invalid(d.reason());
            default:
                // APIM chose this validator by the iss it parsed; the guard does not read the token as this tenant's
                debug(l, "not_this_tenant", token);
                return ValidationInfos.invalid(Reason.ISSUER_UNTRUSTED);
        }
    }

    /** The guard choice of a loaded validator (tests look at which guard it verifies with); null when unusable. */
    NodeGuardResolver guards() {
        Loaded l = loaded;
        return l == null ? null : l.guards;
    }

    private static void debug(Loaded l, String reason, String token) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Auth0 JWT validator for issuer " + l.issuer + ": token " + ValidationInfos.hash(token)
                    + " invalid (" + reason + ")");
        }
    }
}
