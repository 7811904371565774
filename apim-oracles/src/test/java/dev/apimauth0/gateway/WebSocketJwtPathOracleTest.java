package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.dto.KeyManagerConfigurationDTO;
import org.wso2.carbon.apimgt.gateway.handlers.security.AuthenticationContext;
import org.wso2.carbon.apimgt.gateway.handlers.security.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

import dev.apimauth0.oracle.AdminPortalKeyManager;
import dev.apimauth0.oracle.GatewayNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The WebSocket handshake's JWT path, by APIM's own code: gateway 9.0.174
 * {@code JWTValidator.authenticateForWebSocket(SignedJWTInfo, apiContext, apiVersion, matchingResource)}, which
 * {@code WebsocketInboundHandler.validateOAuthHeader} calls with a new JWTValidator per handshake. Unlike
 * {@code authenticate}, it keys the gateway's token caches by the token's {@code jti}, and Auth0 access tokens carry
 * none. The caches here are maps that refuse a null key, as the ConcurrentHashMap behind Carbon's own
 * {@code org.wso2.carbon.caching.impl.CacheImpl} does (kernel source; Carbon's javax.cache bundle is not on Maven
 * Central, so that class itself does not run here).
 */
@Tag("unverified")
class WebSocketJwtPathOracleTest {

    private Auth0TenantSimulator sim;
    private GatewayNode node;
    private String clientId;

    @BeforeEach
    void setUp() throws Exception {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(AdminPortalKeyManager.API, "read:orders");
        clientId = sim.createM2MApplication("caller").clientId();
        node = GatewayNode.start();
        AdminPortalKeyManager.registerConnector();
        load();
    }

    private void load() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, sim.createManagementApplication());
        dto.getAdditionalProperties().put("self_validate_jwt", true);
        AdminPortalKeyManager.load(dto);
        node.publishAndSubscribe(clientId, AdminPortalKeyManager.NAME, "read:orders", "WS");
    }

    @AfterEach
    void tearDown() {
        AdminPortalKeyManager.remove();
        node.close();
        sim.close();
    }

    private static SignedJWTInfo parsed(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        return new SignedJWTInfo(token, jwt, jwt.getJWTClaimsSet());
    }

    private static AuthenticationContext handshake(SignedJWTInfo info) throws Exception {
        return new JWTValidator(GatewayNode.apiKeyValidator(), GatewayNode.TENANT)
                .authenticateForWebSocket(info, GatewayNode.CONTEXT, GatewayNode.VERSION, "/items");
    }

    private Map<String, Object> claims() {
        return sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders");
    }

    @Test
    void anAuth0TokenWithoutJtiIsValidatedThenPutIntoTheTokenCacheUnderANullKey() throws Exception {
        assertThat(claims()).as("Auth0 M2M access tokens carry no jti").doesNotContainKey("jti");
        SignedJWTInfo info = parsed(sim.mintToken(claims()));
        assertThatThrownBy(() -> handshake(info)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(Arrays.toString(e.getStackTrace())).contains("getJwtValidationInfo"));
        assertThat(info.getValidationStatus()).as("our validator answered valid before the cache put")
                .isEqualTo(SignedJWTInfo.ValidationStatus.VALID);
    }

    @Test
    void theSameTokenWithAJtiCompletesTheHandshake() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("jti", "handshake-1");
        AuthenticationContext ctx = handshake(parsed(sim.mintToken(claims)));
        assertThat(ctx.isAuthenticated()).isTrue();
        assertThat(ctx.getConsumerKey()).isEqualTo(clientId);
        assertThat(ctx.getApiKey()).isEqualTo("handshake-1");
        assertThat(node.gatewayTokenCache).containsKey("handshake-1");
    }

    @Test
    void withTheGatewayTokenCacheOffATokenWithoutJtiCompletesTheHandshake() throws Exception {
        AdminPortalKeyManager.remove();
        node.close();
        node = GatewayNode.start(Map.of("CacheConfigurations.EnableGatewayTokenCache", "false"));
        load();
        AuthenticationContext ctx = handshake(parsed(sim.mintToken(claims())));
        assertThat(ctx.isAuthenticated()).isTrue();
        assertThat(ctx.getConsumerKey()).isEqualTo(clientId);
    }
}
