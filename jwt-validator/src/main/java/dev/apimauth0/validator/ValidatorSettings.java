package dev.apimauth0.validator;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.VerifiedToken;
import org.wso2.carbon.apimgt.common.gateway.dto.ClaimMappingDto;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What one validator checks, read once from APIM's TokenIssuerDto (issuer, JWKS, claim names and mappings) and the
 * key manager's hand-over (audiences, JWKS), into guard settings in the gateway's format. Immutable.
 */
final class ValidatorSettings {

    static final String DEFAULT_CONSUMER_KEY_CLAIM = "azp";
    static final String DEFAULT_SCOPES_CLAIM = "scope";

    final String issuer;
    final TokenGuardConfig guardConfig;
    final String consumerKeyClaim;
    final String scopesClaim;
    /** Remote claim name to the local name APIM's Admin Portal maps it to. */
    final Map<String, String> claimMappings;
    /** What these settings make of a verified token, kept with the token (VerifiedToken.derived). */
    final Function<VerifiedToken, ValidationInfos.Parts> parts;

    private ValidatorSettings(String issuer, TokenGuardConfig guardConfig, String consumerKeyClaim, String scopesClaim,
                              Map<String, String> claimMappings) {
        this.issuer = issuer;
        this.guardConfig = guardConfig;
        this.consumerKeyClaim = consumerKeyClaim;
        this.scopesClaim = scopesClaim;
        this.claimMappings = claimMappings;
        this.parts = ValidationInfos.Parts.of(this);
    }

    /**
     * @param handOver what the key manager left in loadConfiguration, or null when nothing was left
     * @throws IllegalStateException with a message an operator can act on, when the validator cannot work
     * @throws dev.apimauth0.core.config.InvalidSettingException naming a setting the guard refuses
     */
    static ValidatorSettings from(TokenIssuerDto dto, Map<String, String> handOver) {
        if (dto == null || dto.getIssuer() == null || dto.getIssuer().trim().isEmpty()) {
            throw new IllegalStateException("APIM gave no issuer");
        }
        String issuer = dto.getIssuer();
        if (handOver == null) {
            throw new IllegalStateException("the Auth0 key manager of issuer " + issuer + " left no settings for it: "
                    + "install apim-auth0-km-connector and apim-auth0-jwt-validator of the same version");
        }
        String audiences = handOver.get("audiences");
        if (audiences == null || audiences.trim().isEmpty()) {
            throw new IllegalStateException("the Auth0 key manager of issuer " + issuer + " has neither api_audience nor "
                    + "allowed_api_audiences, so no token can be for one of its APIs: set one in the Admin Portal");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", issuer);
        settings.put("audiences", audiences);
        String jwks = handOver.get("jwks_uri");
        JWKSConfigurationDTO fromDto = dto.getJwksConfigurationDTO();
        if ((jwks == null || jwks.isEmpty()) && fromDto != null && fromDto.isEnabled() && fromDto.getUrl() != null) {
            jwks = fromDto.getUrl();
        }
        if (jwks != null && !jwks.isEmpty()) {
            settings.put("jwks_uri", jwks);
        }
        TokenGuardConfig config = GuardSettings.load(settings);
        Map<String, String> mappings = new HashMap<>();
        for (Map.Entry<String, ClaimMappingDto> e : dto.getClaimConfigurations().entrySet()) {
            ClaimMappingDto m = e.getValue();
            if (m != null && m.getRemoteClaim() != null && m.getLocalClaim() != null) {
                mappings.put(m.getRemoteClaim(), m.getLocalClaim());
            }
        }
        return new ValidatorSettings(issuer, config, orDefault(dto.getConsumerKeyClaim(), DEFAULT_CONSUMER_KEY_CLAIM),
                orDefault(dto.getScopesClaim(), DEFAULT_SCOPES_CLAIM), Collections.unmodifiableMap(mappings));
    }

    private static String orDefault(String value, String dflt) {
        return value == null || value.trim().isEmpty() ? dflt : value.trim();
    }
}
