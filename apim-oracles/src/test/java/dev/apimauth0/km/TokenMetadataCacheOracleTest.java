package dev.apimauth0.km;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.impl.caching.CacheProvider;
import org.wso2.carbon.apimgt.keymgt.APIKeyMgtException;
import org.wso2.carbon.apimgt.keymgt.handlers.DefaultKeyValidationHandler;
import org.wso2.carbon.apimgt.keymgt.service.TokenValidationContext;

import dev.apimauth0.oracle.AdminPortalKeyManager;
import dev.apimauth0.oracle.ApimEnvironment;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * Token metadata caching, by APIM's own code: keymgt 9.0.174 {@code DefaultKeyValidationHandler.validateToken}
 * (through its private getAccessTokenInfo) asks the tenant's key manager, loaded by impl's KeyManagerHolder, for
 * {@code getTokenMetaData} and puts whatever it returns into the gateway introspect cache
 * ({@code CacheProvider.getGatewayIntrospectCache}), which it reads first next time
 * ({@code CacheProvider.createIntrospectionCache}). The caches are static mocks over one map; the key manager is
 * the project's Auth0KeyManager against the Auth0 tenant simulator.
 */
@Tag("unverified")
class TokenMetadataCacheOracleTest {

    private Auth0TenantSimulator sim;
    private ApimEnvironment env;
    private MockedStatic<CacheProvider> caches;
    private final Map<Object, Object> introspectCache = new ConcurrentHashMap<>();
    private String clientId;

    @BeforeEach
    void setUp() throws Exception {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(AdminPortalKeyManager.API, "read:orders");
        Auth0TenantSimulator.Credentials mgmt = sim.createManagementApplication();
        clientId = sim.createM2MApplication("caller").clientId();
        env = ApimEnvironment.withConfiguration(Map.of());
        AdminPortalKeyManager.registerConnector();
        AdminPortalKeyManager.load(AdminPortalKeyManager.dto(sim, mgmt));

        @SuppressWarnings("unchecked")
        Cache<Object, Object> cache = Mockito.mock(Cache.class);
        Mockito.when(cache.get(Mockito.any())).thenAnswer(i -> introspectCache.get(i.getArgument(0)));
        Mockito.doAnswer(i -> introspectCache.put(i.getArgument(0), i.getArgument(1)))
                .when(cache).put(Mockito.any(), Mockito.any());
        caches = Mockito.mockStatic(CacheProvider.class);
        caches.when(CacheProvider::createIntrospectionCache).thenReturn(cache);
        caches.when(CacheProvider::getGatewayIntrospectCache).thenReturn(cache);
    }

    @AfterEach
    void tearDown() {
        caches.close();
        AdminPortalKeyManager.remove();
        env.close();
        sim.close();
    }

    private static TokenValidationContext context(String token) {
        TokenValidationContext c = new TokenValidationContext();
        c.setAccessToken(token);
        c.setTenantDomain(AdminPortalKeyManager.TENANT);
        c.setKeyManagers(List.of("all"));
        c.setContext("/orders");
        c.setVersion("1.0.0");
        return c;
    }

    private String genuine() {
        return sim.mintToken(sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders"));
    }

    @Test
    void aGenuineTokenIsAuthorizedWithItsConsumerKeyAndScopes() throws Exception {
        String token = genuine();
        TokenValidationContext c = context(token);
        assertThat(new DefaultKeyValidationHandler().validateToken(c)).isTrue();
        assertThat(c.getValidationInfoDTO().isAuthorized()).isTrue();
        assertThat(c.getValidationInfoDTO().getConsumerKey()).isEqualTo(clientId);
        assertThat(c.getValidationInfoDTO().getScopes()).containsExactly("read:orders");
        assertThat(c.getValidationInfoDTO().getKeyManager()).isEqualTo(AdminPortalKeyManager.NAME);
        assertThat(((AccessTokenInfo) introspectCache.get(token)).isTokenValid()).isTrue();
    }

    @Test
    void aForgedTokenIsRefusedAndTheRefusalIsCached() throws Exception {
        String forged = sim.mintTokenWithForeignKey(sim.currentKid(),
                sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders"));
        TokenValidationContext c = context(forged);
        assertThat(new DefaultKeyValidationHandler().validateToken(c)).isFalse();
        assertThat(c.getValidationInfoDTO().isAuthorized()).isFalse();
        assertThat(c.getValidationInfoDTO().getValidationStatus()).isEqualTo(900901);

        AccessTokenInfo cached = (AccessTokenInfo) introspectCache.get(forged);
        assertThat(cached).as("APIM caches whatever getTokenMetaData returns").isNotNull();
        assertThat(cached.isTokenValid()).isFalse();
        // the next request is answered from the cache, without the key manager
        AdminPortalKeyManager.remove();
        TokenValidationContext again = context(forged);
        assertThat(new DefaultKeyValidationHandler().validateToken(again)).isFalse();
        assertThat(again.getValidationInfoDTO().getValidationStatus()).isEqualTo(900901);
    }

    @Test
    void aTransientFailureIsNotCachedAsInvalid() throws Exception {
        // a key manager that has not fetched the tenant's keys yet, while the JWKS is down
        AdminPortalKeyManager.remove();
        sim.jwksDown(true);
        AdminPortalKeyManager.load(AdminPortalKeyManager.dto(sim, sim.createManagementApplication()));
        String token = genuine();

        assertThatThrownBy(() -> new DefaultKeyValidationHandler().validateToken(context(token)))
                .as("an outage is an error APIM does not cache, not an invalid token it would cache for 900 s")
                .isInstanceOf(APIKeyMgtException.class);
        assertThat(introspectCache).doesNotContainKey(token);
    }
}
