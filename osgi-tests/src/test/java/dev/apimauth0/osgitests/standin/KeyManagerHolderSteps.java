package dev.apimauth0.osgitests.standin;

import com.nimbusds.jwt.SignedJWT;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

import java.util.Map;

/**
 * Lives in the bundle whose only wiring is {@code DynamicImport-Package: *}, like APIM's impl bundle: the steps of
 * 9.0.174's KeyManagerHolder.addKeyManagerConfiguration / getJWTValidator (key manager by name, setTenantDomain,
 * loadConfiguration, then the JWT validator by name and loadTokenIssuerConfiguration, on one thread), and the
 * gateway's call (SignedJWT.parse with nimbus, then validateToken).
 */
public final class KeyManagerHolderSteps {

    private final KeyManager keyManager;
    private final JWTValidator validator;

    private KeyManagerHolderSteps(KeyManager keyManager, JWTValidator validator) {
        this.keyManager = keyManager;
        this.validator = validator;
    }

    public static KeyManagerHolderSteps load(String keyManagerClass, String validatorClass, Map<String, Object> params)
            throws Exception {
        KeyManagerConfiguration config = new KeyManagerConfiguration();
        config.setName("Auth0KM");
        config.setType("Auth0");
        config.setTenantDomain("carbon.super");
        config.setEnabled(true);
        config.setConfiguration(params);
        KeyManager km = (KeyManager) Class.forName(keyManagerClass).newInstance();
        km.setTenantDomain("carbon.super");
        km.loadConfiguration(config);
        TokenIssuerDto dto = new TokenIssuerDto((String) params.get("issuer"));
        dto.setJwksConfigurationDTO(new JWKSConfigurationDTO((String) params.get("certificate_value"), true));
        JWTValidator validator = (JWTValidator) Class.forName(validatorClass).newInstance();
        validator.loadTokenIssuerConfiguration(dto);
        return new KeyManagerHolderSteps(km, validator);
    }

    public KeyManager keyManager() {
        return keyManager;
    }

    public Object validator() {
        return validator;
    }

    /** Whether APIM's gateway would count the token valid; consumerKey and scopes as it reads them. */
    public String validate(String token) throws Exception {
        SignedJWT signedJWT = SignedJWT.parse(token);
        JWTValidationInfo info = validator.validateToken(new SignedJWTInfo(token, signedJWT, signedJWT.getJWTClaimsSet()));
        return info.isValid() + " " + info.getConsumerKey() + " " + info.getScopes() + " " + info.getValidationCode();
    }
}
