package dev.apimauth0.validator;

import com.nimbusds.jwt.SignedJWT;
import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

/**
 * The steps of 9.0.174's impl KeyManagerHolder.addKeyManagerConfiguration and getJWTValidator (~l.60-218) for one
 * key manager of our connector, and of the gateway's calls (OAuthAuthenticator.getSignedJwt /
 * WebsocketInboundHandler.getSignedJwtInfo build the SignedJWTInfo with nimbus 7.3; JWTValidationServiceImpl
 * calls validateToken). Carbon's runtime (CarbonContext, caches) is left out: it is not on Maven Central.
 */
final class ApimKeyManagerHolder {

    final KeyManager keyManager;
    final JWTValidator validator;

    private ApimKeyManagerHolder(KeyManager keyManager, JWTValidator validator) {
        this.keyManager = keyManager;
        this.validator = validator;
    }

    static ApimKeyManagerHolder load(KeyManagerConfiguration config) throws Exception {
        Auth0ConnectorConfiguration connector = new Auth0ConnectorConfiguration();
        KeyManager km = (KeyManager) Class.forName(connector.getImplementation()).getDeclaredConstructor().newInstance();
        km.setTenantDomain("carbon.super");
        km.loadConfiguration(config);
        return new ApimKeyManagerHolder(km, jwtValidator(config, connector.getJWTValidator()));
    }

    /** KeyManagerHolder.getJWTValidator: only with self_validate_jwt (a Boolean) and an issuer. */
    private static JWTValidator jwtValidator(KeyManagerConfiguration c, String implementation) throws Exception {
        Object selfValidate = c.getParameter("self_validate_jwt");
        Object issuer = c.getParameter("issuer");
        if (selfValidate == null || !(Boolean) selfValidate || issuer == null) {
            return null;
        }
        TokenIssuerDto dto = new TokenIssuerDto((String) issuer);
        Object consumerKeyClaim = c.getParameter("consumer_key_claim");
        if (consumerKeyClaim instanceof String && !((String) consumerKeyClaim).isEmpty()) {
            dto.setConsumerKeyClaim((String) consumerKeyClaim);
        }
        Object scopesClaim = c.getParameter("scopes_claim");
        if (scopesClaim instanceof String && !((String) scopesClaim).isEmpty()) {
            dto.setScopesClaim((String) scopesClaim);
        }
        Object jwks = c.getParameter("jwks_endpoint");
        if (jwks instanceof String && !((String) jwks).isEmpty()) {
            dto.setJwksConfigurationDTO(new JWKSConfigurationDTO((String) jwks, true));
        }
        Object type = c.getParameter("certificate_type");
        Object value = c.getParameter("certificate_value");
        if ("JWKS".equals(type) && value instanceof String && !((String) value).isEmpty()) {
            dto.setJwksConfigurationDTO(new JWKSConfigurationDTO((String) value, true));
        }
        JWTValidator validator = (JWTValidator) Class.forName(implementation).getDeclaredConstructor().newInstance();
        validator.loadTokenIssuerConfiguration(dto);
        return validator;
    }

    /** What the gateway hands the validator for a bearer token. */
    static SignedJWTInfo signedJwtInfo(String token) throws Exception {
        SignedJWT signedJWT = SignedJWT.parse(token);
        return new SignedJWTInfo(token, signedJWT, signedJWT.getJWTClaimsSet());
    }

    JWTValidationInfo validate(String token) throws Exception {
        return validator.validateToken(signedJwtInfo(token));
    }
}
