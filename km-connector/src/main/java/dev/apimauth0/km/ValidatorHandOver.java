package dev.apimauth0.km;

import dev.apimauth0.core.token.NodeGuards;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.ISSUER;

/**
 * Hands the key manager's token settings to the JWT validator (bundle dev.apimauth0.jwt.validator) that APIM's
 * KeyManagerHolder creates right after loadConfiguration, on the same thread, when "self validate JWT" is on: its
 * TokenIssuerDto carries the issuer and JWKS but no audiences. Keys are those of the gateway settings, so that the
 * validator and the gateway handlers arrive at the same guard when an operator gives both the same tenant.
 */
final class ValidatorHandOver {

    private ValidatorHandOver() {
    }

    /** Leaves the settings under the issuer exactly as KeyManagerHolder will put it in the TokenIssuerDto. */
    static void leave(KeyManagerConfiguration config, Auth0KeyManagerSettings s, Set<String> audiences) {
        Object issuer = config.getParameter(ISSUER);
        if (!(issuer instanceof String)) {
            return; // KeyManagerHolder creates no validator without an issuer
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("audiences", String.join(",", audiences));
        settings.put("jwks_uri", s.jwksUri);
        NodeGuards.handOver((String) issuer, settings);
    }
}
