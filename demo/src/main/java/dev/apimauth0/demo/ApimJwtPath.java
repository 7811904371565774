package dev.apimauth0.demo;

import com.nimbusds.jwt.SignedJWT;

import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

/**
 * APIM's own JWT path for an Auth0 key manager, the way 9.0.174 runs it: impl's KeyManagerHolder creates the key
 * manager and, with "self validate JWT", the JWT validator the connector names (getJWTValidator), loading its issuer
 * configuration right after loadConfiguration on the same thread; the gateway hands it a SignedJWTInfo parsed with
 * nimbus-jose-jwt 7.3 (OAuthAuthenticator.getSignedJwt). Without our validator APIM would use its built-in
 * JWTValidatorImpl, which counts a forged token valid when the JWKS fetch fails on the network.
 */
final class ApimJwtPath {

    private final JWTValidator validator;

    private ApimJwtPath(JWTValidator validator) {
        this.validator = validator;
    }

    /** A node's key manager and validator for this configuration (as KeyManagerHolder.addKeyManagerConfiguration). */
    static ApimJwtPath load(KeyManagerConnectorConfiguration connector, KeyManagerConfiguration config) throws Exception {
        KeyManager km = (KeyManager) Class.forName(connector.getImplementation()).getDeclaredConstructor().newInstance();
        km.setTenantDomain("carbon.super");
        km.loadConfiguration(config);
        TokenIssuerDto issuer = new TokenIssuerDto((String) config.getParameter("issuer"));
        issuer.setConsumerKeyClaim((String) config.getParameter("consumer_key_claim"));
        issuer.setScopesClaim((String) config.getParameter("scopes_claim"));
        issuer.setJwksConfigurationDTO(new JWKSConfigurationDTO((String) config.getParameter("certificate_value"), true));
        JWTValidator validator = (JWTValidator) Class.forName(connector.getJWTValidator()).getDeclaredConstructor()
                .newInstance();
        validator.loadTokenIssuerConfiguration(issuer);
        return new ApimJwtPath(validator);
    }

    /** What the validator answers for a bearer token, in words; never the token. */
    String judge(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTValidationInfo info = validator.validateToken(new SignedJWTInfo(token, jwt, jwt.getJWTClaimsSet()));
            return info.isValid() ? "valid" : "invalid (" + info.getValidationCode() + ")";
        } catch (Exception e) {
            // APIM turns a thrown validation into 900900 and caches nothing: the token is refused this time only
            return "refused, not cached (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }
}
