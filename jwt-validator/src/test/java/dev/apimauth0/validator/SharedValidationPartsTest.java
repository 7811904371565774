package dev.apimauth0.validator;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.apimauth0.core.token.NodeGuards;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.common.gateway.dto.ClaimMappingDto;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTConfigurationDto;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTInfoDto;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.common.gateway.jwtgenerator.APIMgtGatewayJWTGeneratorImpl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The validator answers a repeated token with a new JWTValidationInfo over parts built once per verified token (claims
 * map, scope list, consumer key). That is safe only because of what 9.0.174 does with the info it gets:
 * <ul>
 * <li>it writes into the info itself: impl JWTValidationServiceImpl.validateJWTToken calls setKeyManager on what
 *     validateToken returned, and the gateway's handlers.security.jwt.JWTValidator.checkTokenExpiration calls
 *     setValid(false) and setValidationCode on the info it cached. So every call returns its own info;</li>
 * <li>it only reads the claims and the scopes: JWTValidator.validateScopes copies getScopes() into a new HashSet and
 *     authenticate writes getScopes().toString() into a property; GatewayUtils.constructJWTContent and
 *     validateAPISubscription read getClaims().get(...); common.gateway APIMgtGatewayJWTGeneratorImpl
 *     .populateCustomClaims copies getClaims() into a new map. And its own JWTValidatorImpl
 *     (createJWTValidationInfoFromJWT) fills the claims with nimbus's JWTClaimsSet.getClaims(), an unmodifiable
 *     map, so no 9.0.174 code can write into them. Ours are unmodifiable too.</li>
 * </ul>
 */
class SharedValidationPartsTest {

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
    void whatApimWritesIntoAReturnedInfoNeverReachesTheNextCallsInfo() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        String token = t.token("read:orders", "write:orders");

        JWTValidationInfo first = apim.validate(token);
        assertThat(first.isValid()).isTrue();
        // JWTValidationServiceImpl.validateJWTToken, then JWTValidator.checkTokenExpiration once the cached one expires
        first.setKeyManager("Auth0KM");
        first.setValid(false);
        first.setValidationCode(900901);
        first.setConsumerKey("someone-else");
        first.setScopes(new ArrayList<>(Collections.singletonList("admin")));
        first.setClaims(new HashMap<>(Collections.singletonMap("azp", "someone-else")));

        JWTValidationInfo second = apim.validate(token);
        assertThat(second).isNotSameAs(first);
        assertThat(second.isValid()).isTrue();
        assertThat(second.getValidationCode()).isZero();
        assertThat(second.getKeyManager()).as("set by APIM on the info it got, not by us").isNull();
        assertThat(second.getConsumerKey()).isEqualTo(t.clientId);
        assertThat(second.getScopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(second.getClaims()).containsEntry("azp", t.clientId).containsEntry("gty", "client-credentials");
        assertThat(second.getRawPayload()).isEqualTo(token);
    }

    @Test
    void theClaimsAndScopesOfARepeatedTokenAreBuiltOnceAndCannotBeWrittenInto() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        String token = t.token("read:orders");

        JWTValidationInfo first = apim.validate(token);
        JWTValidationInfo second = apim.validate(token);
        assertThat(second.getClaims()).as("kept with the verified token").isSameAs(first.getClaims());
        assertThat(second.getScopes()).isSameAs(first.getScopes());

        Map<String, Object> claims = first.getClaims();
        assertThatThrownBy(() -> claims.put("azp", "someone-else")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> claims.remove("scope")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(claims::clear).isInstanceOf(UnsupportedOperationException.class);
        Object aud = claims.get("aud");
        if (aud instanceof List) {
            assertThatThrownBy(() -> ((List<Object>) aud).add("https://other.example.com"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        List<String> scopes = first.getScopes();
        assertThatThrownBy(() -> scopes.add("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> scopes.set(0, "admin")).isInstanceOf(UnsupportedOperationException.class);

        JWTValidationInfo third = apim.validate(token);
        assertThat(third.getClaims()).containsEntry("azp", t.clientId).containsKey("scope");
        assertThat(third.getScopes()).containsExactly("read:orders");
    }

    @Test
    void apimsOwnValidatorAlsoHandsOutClaimsNoCallerCanWriteInto() throws Exception {
        // JWTValidatorImpl.createJWTValidationInfoFromJWT: setClaims(jwtClaimsSet.getClaims()), nimbus-jose-jwt 7.3
        Map<String, Object> apims = JWTClaimsSet.parse("{\"iss\":\"https://t/\",\"scope\":\"a b\"}").getClaims();
        assertThatThrownBy(() -> apims.put("iss", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void apimsBackendJwtGeneratorAndScopeCheckReadTheSharedPartsAndLeaveThemAsTheyWere() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        Map<String, Object> minted = t.claims("read:orders");
        minted.put("https://example.com/tier", "gold");
        String token = t.sim.mintToken(minted);
        JWTValidationInfo info = apim.validate(token);
        Map<String, Object> before = new LinkedHashMap<>(info.getClaims());

        // the real 9.0.174 generator's custom claims, as AbstractAPIMgtGatewayJWTGenerator.generateToken asks for them
        APIMgtGatewayJWTGeneratorImpl generator = new APIMgtGatewayJWTGeneratorImpl();
        generator.setJWTConfigurationDto(new JWTConfigurationDto());
        JWTInfoDto dto = new JWTInfoDto();
        dto.setJwtValidationInfo(info);
        Map<String, Object> custom = generator.populateCustomClaims(dto);
        assertThat(custom).containsEntry("https://example.com/tier", "gold").containsEntry("azp", t.clientId)
                .doesNotContainKeys("iss", "sub", "aud", "exp", "iat");
        custom.put("https://example.com/tier", "platinum");

        // JWTValidator.validateScopes and authenticate
        Set<String> scopeSet = new HashSet<>();
        scopeSet.addAll(info.getScopes());
        scopeSet.add("admin");
        assertThat(info.getScopes().toString()).isEqualTo("[read:orders]");

        JWTValidationInfo again = apim.validate(token);
        assertThat(again.getClaims()).isEqualTo(before);
        assertThat(again.getScopes()).containsExactly("read:orders");
    }

    @Test
    void aSharedInfoSurvivesADistributedCacheAsPlainJdkCollections() throws Exception {
        Tenant t = tenant();
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(t.configuration());
        String token = t.token("read:orders", "write:orders");
        apim.validate(token);
        JWTValidationInfo info = apim.validate(token);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(info);
        }
        JWTValidationInfo back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (JWTValidationInfo) in.readObject();
        }
        assertThat(back.getClaims()).isEqualTo(info.getClaims());
        assertThat(back.getScopes()).isEqualTo(info.getScopes());
        assertThat(back.getClaims().getClass().getName()).startsWith("java.util.");
        assertThat(back.getScopes().getClass().getName()).startsWith("java.util.");
        assertThat(back.getConsumerKey()).isEqualTo(t.clientId);
    }

    @Test
    void twoValidatorsWithOtherClaimMappingsOnOneGuardEachSeeTheirOwnNames() throws Exception {
        Tenant t = tenant();
        Auth0JwtValidator plain = validator(t, Collections.emptyMap());
        Auth0JwtValidator mapped = validator(t, Collections.singletonMap("gty", "grant_type"));
        assertThat(plain.guards().guard()).as("the same tenant settings: one guard, one verified token")
                .isSameAs(mapped.guards().guard());
        String token = t.token("read:orders");

        for (int round = 0; round < 3; round++) {
            JWTValidationInfo p = plain.validateToken(ApimKeyManagerHolder.signedJwtInfo(token));
            JWTValidationInfo m = mapped.validateToken(ApimKeyManagerHolder.signedJwtInfo(token));
            assertThat(p.getClaims()).containsEntry("gty", "client-credentials").doesNotContainKey("grant_type");
            assertThat(m.getClaims()).containsEntry("grant_type", "client-credentials").doesNotContainKey("gty");
            assertThat(m.getClaims().get("aud")).isEqualTo(p.getClaims().get("aud"));
            assertThatThrownBy(() -> m.getClaims().put("gty", "x")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(p.getAppToken()).isTrue();
            assertThat(m.getAppToken()).isTrue();
        }
    }

    /** A validator loaded as KeyManagerHolder loads it, with the Admin Portal's claim mappings (remote to local). */
    private static Auth0JwtValidator validator(Tenant t, Map<String, String> remoteToLocal) {
        Map<String, String> handOver = new LinkedHashMap<>();
        handOver.put("audiences", Tenant.API);
        handOver.put("jwks_uri", t.sim.jwksUri());
        NodeGuards.handOver(t.sim.issuer(), handOver);
        TokenIssuerDto dto = new TokenIssuerDto(t.sim.issuer());
        dto.setJwksConfigurationDTO(new JWKSConfigurationDTO(t.sim.jwksUri(), true));
        for (Map.Entry<String, String> e : remoteToLocal.entrySet()) {
            dto.getClaimConfigurations().put(e.getKey(), new ClaimMappingDto(e.getKey(), e.getValue()));
        }
        Auth0JwtValidator v = new Auth0JwtValidator();
        v.loadTokenIssuerConfiguration(dto);
        return v;
    }
}
