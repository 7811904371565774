package dev.apimauth0.validator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The validator as 9.0.174 creates and calls it (see {@link ApimKeyManagerHolder}), on real Auth0-shaped tokens
 * from the tenant simulator, parsed by nimbus 7.3 into the real SignedJWTInfo.
 */
class ValidatorAsTheGatewayCallsItTest {

    private final List<Tenant> tenants = new ArrayList<>();

    @AfterEach
    void tearDown() {
        tenants.forEach(Tenant::close);
    }

    private Tenant tenant() {
        Tenant t = new Tenant();
        tenants.add(t);
        return t;
    }

    @Test
    void aGenuineTokenIsValidWithEveryFieldTheGatewayReads() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        Map<String, Object> claims = t.claims("read:orders", "write:orders");
        claims.put("jti", "jti-1");
        claims.put("https://example.com/tier", "gold");
        String token = t.sim.mintToken(claims);

        JWTValidationInfo info = apim.validate(token);

        assertThat(info.isValid()).isTrue();
        assertThat(info.getConsumerKey()).as("else JWTValidator answers 403").isEqualTo(t.clientId);
        assertThat(info.getScopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(info.getExpiryTime()).as("milliseconds").isEqualTo(((Number) claims.get("exp")).longValue() * 1000);
        assertThat(info.getIssuedTime()).isEqualTo(((Number) claims.get("iat")).longValue() * 1000);
        assertThat(info.getUser()).isEqualTo(t.clientId + "@clients");
        assertThat(info.getAppToken()).as("gty client-credentials").isTrue();
        assertThat(info.getIssuer()).isEqualTo(t.sim.issuer());
        assertThat(info.getJti()).isEqualTo("jti-1");
        assertThat(info.getRawPayload()).isEqualTo(token);
        assertThat(info.getClaims()).containsEntry("azp", t.clientId).containsEntry("https://example.com/tier", "gold")
                .containsEntry("gty", "client-credentials");
        assertThat(info.getClaims().get("sub")).isEqualTo(t.clientId + "@clients");
        // APIM may put it in a distributed cache (GatewayKeyCache)
        new java.io.ObjectOutputStream(new java.io.ByteArrayOutputStream()).writeObject(info);
    }

    @Test
    void aTokenWithoutScopesHasApimsDefaultScopeNotNull() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        Map<String, Object> claims = t.claims();
        claims.remove("scope");
        JWTValidationInfo info = apim.validate(t.sim.mintToken(claims));
        assertThat(info.isValid()).isTrue();
        assertThat(info.getScopes()).as("DefaultJWTTransformer.getTransformedScopes").containsExactly("default");
    }

    @Test
    void forgedExpiredWrongAudienceAndOtherTenantTokensAreInvalid() throws Exception {
        Tenant t = tenant();
        Tenant other = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        assertThat(apim.validate(t.token()).isValid()).isTrue();

        assertInvalid(apim, t.sim.mintTokenWithForeignKey(t.sim.currentKid(), t.claims()), 900901);
        String genuine = t.token("read:orders");
        String[] parts = genuine.split("\\.");
        String tampered = parts[0] + "." + t.sim.mintToken(t.claims("read:orders", "admin")).split("\\.")[1] + "."
                + parts[2];
        assertInvalid(apim, tampered, 900901);

        Map<String, Object> expired = t.claims();
        expired.put("iat", System.currentTimeMillis() / 1000 - 7200);
        expired.put("exp", System.currentTimeMillis() / 1000 - 3600);
        assertInvalid(apim, t.sim.mintToken(expired), 900903);

        Map<String, Object> wrongAudience = t.claims();
        wrongAudience.put("aud", t.sim.managementAudience());
        assertInvalid(apim, t.sim.mintToken(wrongAudience), 900901);

        // another tenant's genuine token, also when it claims this tenant's issuer
        assertInvalid(apim, other.token(), 900901);
        Map<String, Object> claimingOurs = other.claims();
        claimingOurs.put("iss", t.sim.issuer());
        assertInvalid(apim, other.sim.mintToken(claimingOurs), 900901);

        // HS256 with the public key as secret (alg none never gets here: nimbus's SignedJWT.parse refuses it)
        assertInvalid(apim, t.sim.mintToken(Map.of("alg", "HS256"), t.claims()), 900901);
    }

    @Test
    void aJwksOutageKeepsCachedGenuineTokensValidAndNeverMakesAForgeryValid() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        String seen = t.token();
        assertThat(apim.validate(seen).isValid()).isTrue();

        t.sim.jwksDown(true);
        assertThat(apim.validate(seen).isValid()).as("verified before the outage").isTrue();
        assertThat(apim.validate(t.token("read:orders")).isValid()).as("new token, cached key").isTrue();
        assertInvalid(apim, t.sim.mintTokenWithForeignKey(t.sim.currentKid(), t.claims()), 900901);
        for (int i = 0; i < 3; i++) {
            String forged = t.sim.mintTokenWithForeignKey("forged-" + i, t.claims());
            try {
                assertThat(apim.validate(forged).isValid()).as("forged token with an unknown kid").isFalse();
            } catch (APIManagementException transientFailure) {
                assertThat(transientFailure).hasMessageNotContaining(forged);
            }
        }
    }

    @Test
    void withNoKeysToBeHadAGenuineTokenIsAThrownTransientErrorNotAnInvalidOneApimWouldCache() throws Exception {
        Tenant t = tenant();
        t.sim.jwksDown(true);
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        String genuine = t.token();

        // the gateway turns this into API_AUTH_GENERAL_ERROR and caches nothing (JWTValidator.getJwtValidationInfo)
        assertThatThrownBy(() -> apim.validate(genuine)).isInstanceOf(APIManagementException.class)
                .hasMessageContaining("keys_unavailable").hasMessageNotContaining(genuine);

        assertThatThrownBy(() -> apim.validate(genuine)).as("still thrown, not remembered as invalid")
                .isInstanceOf(APIManagementException.class);
    }

    @Test
    void aFloodOfUnknownKidsCostsAtMostOneJwksFetchPerCooldownAndGenuineTokensStayValid() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        assertThat(apim.validate(t.token()).isValid()).isTrue();
        long deadline = System.currentTimeMillis() + 5000;
        while (t.sim.jwksFetches() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20); // the key manager's own guard and the validator's each fetch once at start
        }
        t.sim.resetCounters();

        String genuine = t.token();
        for (int i = 0; i < 300; i++) {
            String forged = withKid(genuine, UUID.randomUUID().toString());
            try {
                assertThat(apim.validate(forged).isValid()).isFalse();
            } catch (APIManagementException transientFailure) {
                // keys_unavailable while a fetch is in flight: refused, never valid
            }
        }

        assertThat(t.sim.jwksFetches()).as("JWKS fetches during the flood (cooldown 30 s)").isLessThanOrEqualTo(1);
        assertThat(apim.validate(t.token("read:orders")).isValid()).as("a genuine token after the flood").isTrue();
    }

    @Test
    void aKeyManagerWithNoApiAudienceGetsAValidatorThatRefusesEveryTokenWithAReason() throws Exception {
        Tenant t = tenant();
        KeyManagerConfiguration c = t.configuration();
        c.getConfiguration().remove("api_audience");
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(c);
        assertThatThrownBy(() -> apim.validate(t.token())).isInstanceOf(APIManagementException.class)
                .hasMessageContaining("api_audience");
    }

    @Test
    void aValidatorLoadedWithoutTheKeyManagersSettingsFailsClosed() throws Exception {
        Tenant t = tenant();
        Auth0JwtValidator alone = new Auth0JwtValidator();
        alone.loadTokenIssuerConfiguration(new org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto(t.sim.issuer()));
        assertThatThrownBy(() -> alone.validateToken(ApimKeyManagerHolder.signedJwtInfo(t.token())))
                .isInstanceOf(APIManagementException.class).hasMessageContaining("left no settings");
        assertThatThrownBy(() -> new Auth0JwtValidator().validateToken(ApimKeyManagerHolder.signedJwtInfo(t.token())))
                .isInstanceOf(APIManagementException.class).hasMessageContaining("loadTokenIssuerConfiguration");
    }

    /** The token under another header kid (its signature no longer matches: a forgery that costs no key pair). */
    private static String withKid(String token, String kid) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    }

    private static void assertInvalid(ApimKeyManagerHolder apim, String token, int code) throws Exception {
        JWTValidationInfo info = apim.validate(token);
        assertThat(info.isValid()).isFalse();
        assertThat(info.getValidationCode()).isEqualTo(code);
    }
}
