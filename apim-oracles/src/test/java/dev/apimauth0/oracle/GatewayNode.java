package dev.apimauth0.oracle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;

import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
import org.objenesis.ObjenesisStd;
import org.wso2.carbon.apimgt.api.model.subscription.URLMapping;
import org.wso2.carbon.apimgt.gateway.handlers.security.APIKeyValidator;
import org.wso2.carbon.apimgt.impl.APIManagerConfigurationService;
import org.wso2.carbon.apimgt.impl.caching.CacheProvider;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidationServiceImpl;
import org.wso2.carbon.apimgt.keymgt.SubscriptionDataHolder;
import org.wso2.carbon.apimgt.keymgt.model.SubscriptionDataStore;
import org.wso2.carbon.apimgt.keymgt.model.entity.API;
import org.wso2.carbon.apimgt.keymgt.model.entity.Application;
import org.wso2.carbon.apimgt.keymgt.model.entity.ApplicationKeyMapping;
import org.wso2.carbon.apimgt.keymgt.model.entity.ApplicationPolicy;
import org.wso2.carbon.apimgt.keymgt.model.entity.Subscription;
import org.wso2.carbon.apimgt.keymgt.model.entity.SubscriptionPolicy;
import org.wso2.carbon.context.PrivilegedCarbonContext;
import org.wso2.carbon.identity.oauth.config.OAuthServerConfiguration;

/**
 * The part of a 9.0.174 gateway node that its JWT path reads, for one test:
 * <ul>
 * <li>api-manager.xml properties in a real APIManagerConfiguration ({@link ApimEnvironment}), handed to impl's,
 *     keymgt's and the gateway's ServiceReferenceHolder, as their OSGi binds do;</li>
 * <li>the gateway's JWTValidationService: impl's real {@code JWTValidationServiceImpl};</li>
 * <li>the four token caches {@code CacheProvider} hands out (gateway token, gateway key, invalid token and the backend
 *     JWT cache), each a static mock over a map the test can read;</li>
 * <li>the identity module's (6.4.111, as 4.0.0 ships) {@code OAuthServerConfiguration} singleton, an instance made
 *     without its constructor (which parses identity.xml) with only the timestamp skew set (0 s unless set): the
 *     gateway's and impl's expiry checks read nothing else;</li>
 * <li>the super tenant's Carbon context on this thread;</li>
 * <li>keymgt's real in-memory {@code SubscriptionDataStoreImpl}, filled through its addOrUpdate methods as the
 *     gateway's subscription event listeners fill it.</li>
 * </ul>
 */
public final class GatewayNode implements AutoCloseable {

    public static final String TENANT = "carbon.super";
    public static final int TENANT_ID = -1234;
    /** What the gateway's API resource sets for an API published at /orders, version 1.0.0. */
    public static final String CONTEXT = "/orders/1.0.0";
    public static final String VERSION = "1.0.0";

    public final Map<Object, Object> gatewayTokenCache = new ConcurrentHashMap<>();
    public final Map<Object, Object> gatewayKeyCache = new ConcurrentHashMap<>();
    public final Map<Object, Object> invalidTokenCache = new ConcurrentHashMap<>();
    public final Map<Object, Object> gatewayJwtTokenCache = new ConcurrentHashMap<>();

    private final ApimEnvironment env;
    private final MockedStatic<CacheProvider> caches;
    // OAuthServerConfiguration can be neither mocked nor built here: its methods name Apache Oltu and Carbon identity
    // types, and its constructor parses identity.xml. Its real getInstance() returns the static instance when set, and
    // its real getTimeStampSkewInSeconds() returns this one field; method handles resolve only the member they name.
    private static final VarHandle OAUTH_INSTANCE;
    private static final VarHandle OAUTH_SKEW;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(OAuthServerConfiguration.class,
                    MethodHandles.lookup());
            OAUTH_INSTANCE = l.findStaticVarHandle(OAuthServerConfiguration.class, "instance",
                    OAuthServerConfiguration.class);
            OAUTH_SKEW = l.findVarHandle(OAuthServerConfiguration.class, "timeStampSkewInSeconds", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OAuthServerConfiguration oauthConfig;
    private final SubscriptionDataStore store;

    private GatewayNode(Map<String, String> properties) {
        env = ApimEnvironment.withConfiguration(properties);
        APIManagerConfigurationService service = Mockito.mock(APIManagerConfigurationService.class);
        Mockito.when(service.getAPIManagerConfiguration()).thenReturn(env.configuration());
        org.wso2.carbon.apimgt.gateway.internal.ServiceReferenceHolder.getInstance()
                .setAPIManagerConfigurationService(service);
        org.wso2.carbon.apimgt.keymgt.internal.ServiceReferenceHolder.getInstance()
                .setAPIManagerConfigurationService(service);
        org.wso2.carbon.apimgt.gateway.internal.ServiceReferenceHolder.getInstance()
                .setJwtValidationService(new JWTValidationServiceImpl());

        Cache<Object, Object> token = cache(gatewayTokenCache);
        Cache<Object, Object> key = cache(gatewayKeyCache);
        Cache<Object, Object> invalid = cache(invalidTokenCache);
        Cache<Object, Object> jwt = cache(gatewayJwtTokenCache);
        caches = Mockito.mockStatic(CacheProvider.class);
        caches.when(CacheProvider::getGatewayTokenCache).thenReturn(token);
        caches.when(CacheProvider::getGatewayKeyCache).thenReturn(key);
        caches.when(CacheProvider::getInvalidTokenCache).thenReturn(invalid);
        caches.when(CacheProvider::getGatewayJWTTokenCache).thenReturn(jwt);

        oauthConfig = new ObjenesisStd().newInstance(OAuthServerConfiguration.class);
        timestampSkew(0);
        OAUTH_INSTANCE.set(oauthConfig);
        org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder.getInstance()
                .setOauthServerConfiguration(oauthConfig);

        if (System.getProperty("carbon.home") == null) {
            // CarbonContext's static initializer resolves files under the Carbon home; an empty one will do
            try {
                System.setProperty("carbon.home", java.nio.file.Files.createTempDirectory("carbon-home").toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        PrivilegedCarbonContext.startTenantFlow();
        PrivilegedCarbonContext.getThreadLocalCarbonContext().setTenantDomain(TENANT);
        PrivilegedCarbonContext.getThreadLocalCarbonContext().setTenantId(TENANT_ID);

        SubscriptionDataHolder.getInstance().registerTenantSubscriptionStore(TENANT);
        store = SubscriptionDataHolder.getInstance().getTenantSubscriptionStore(TENANT);
    }

    /** A gateway node with the gateway token cache on (api-manager.xml CacheConfigurations, as 4.0.0 ships it). */
    public static GatewayNode start() {
        return start(Map.of("CacheConfigurations.EnableGatewayTokenCache", "true"));
    }

    /**
     * A gateway node with these api-manager.xml properties, plus the HttpClient pool sizes that impl's
     * APIUtil.getHttpClient parses without a default (api-manager.xml's HttpClient element).
     */
    public static GatewayNode start(Map<String, String> properties) {
        Map<String, String> p = new HashMap<>();
        p.put("HttpClient.MaxTotal", "100");
        p.put("HttpClient.DefaultMaxPerRoute", "50");
        p.putAll(properties);
        return new GatewayNode(p);
    }

    /** identity.xml's TimestampSkew, in seconds. */
    public void timestampSkew(long seconds) {
        OAUTH_SKEW.set(oauthConfig, seconds);
    }

    /**
     * An API at {@link #CONTEXT} with one resource {@code GET /items} that needs {@code scope} (none when null), and
     * an application subscribed to it whose production keys are {@code consumerKey} of key manager
     * {@code keyManager}: what the subscription store holds after the Publisher and Developer Portal flows.
     */
    public void publishAndSubscribe(String consumerKey, String keyManager, String scope) {
        publishAndSubscribe(consumerKey, keyManager, scope, "HTTP");
    }

    /** The same, for an API of the given type ({@code HTTP}, or {@code WS} for a WebSocket API). */
    public void publishAndSubscribe(String consumerKey, String keyManager, String scope, String apiType) {
        API api = new API();
        api.setApiId(7);
        api.setUuid("api-uuid-7");
        api.setApiName("Orders");
        api.setApiVersion(VERSION);
        api.setContext(CONTEXT);
        api.setApiProvider("admin");
        api.setApiTier("Unlimited");
        api.setApiType(apiType);
        api.setStatus("PUBLISHED");
        URLMapping items = new URLMapping();
        items.setHttpMethod("GET");
        items.setUrlPattern("/items");
        items.setAuthScheme("Any");
        items.setThrottlingPolicy("Unlimited");
        if (scope != null) {
            items.addScope(scope);
        }
        api.addResource(items);
        store.addOrUpdateAPI(api);

        Application app = new Application();
        app.setId(3);
        app.setUUID("app-uuid-3");
        app.setName("OrdersClient");
        app.setSubName("admin");
        app.setSubId(1);
        app.setPolicy("Unlimited");
        app.setTokenType("JWT");
        store.addOrUpdateApplication(app);

        ApplicationKeyMapping key = new ApplicationKeyMapping();
        key.setApplicationId(3);
        key.setApplicationUUID("app-uuid-3");
        key.setConsumerKey(consumerKey);
        key.setKeyType("PRODUCTION");
        key.setKeyManager(keyManager);
        key.setWfState("APPROVED");
        store.addOrUpdateApplicationKeyMapping(key);

        Subscription sub = new Subscription();
        sub.setSubscriptionId("11");
        sub.setSubscriptionUUId("sub-uuid-11");
        sub.setApiId(7);
        sub.setApiUUId("api-uuid-7");
        sub.setAppId(3);
        sub.setAppUUID("app-uuid-3");
        sub.setPolicyId("Unlimited");
        sub.setSubscriptionState("UNBLOCKED");
        store.addOrUpdateSubscription(sub);

        ApplicationPolicy appPolicy = new ApplicationPolicy();
        appPolicy.setId(1);
        appPolicy.setTierName("Unlimited");
        appPolicy.setTenantId(TENANT_ID);
        appPolicy.setQuotaType("requestCount");
        store.addOrUpdateApplicationPolicy(appPolicy);
        SubscriptionPolicy subPolicy = new SubscriptionPolicy();
        subPolicy.setId(1);
        subPolicy.setTierName("Unlimited");
        subPolicy.setTenantId(TENANT_ID);
        subPolicy.setQuotaType("requestCount");
        subPolicy.setRateLimitCount(0);
        subPolicy.setRateLimitTimeUnit("NA");
        subPolicy.setStopOnQuotaReach(true);
        subPolicy.setGraphQLMaxDepth(0);
        subPolicy.setGraphQLMaxComplexity(0);
        store.addOrUpdateSubscriptionPolicy(subPolicy);
    }

    /**
     * The Synapse message of {@code GET /orders/1.0.0/items} after API dispatch: the REST_API_CONTEXT,
     * SYNAPSE_REST_API_VERSION and API_ELECTED_RESOURCE the gateway's API resource sets, and the Axis2 context's
     * HTTP method and transport headers. Its properties live in {@code properties}.
     */
    public static Axis2MessageContext request(Map<String, Object> properties) {
        properties.put("REST_API_CONTEXT", CONTEXT);
        properties.put("SYNAPSE_REST_API_VERSION", VERSION);
        properties.put("API_ELECTED_RESOURCE", "/items");
        org.apache.axis2.context.MessageContext axis2 = new org.apache.axis2.context.MessageContext();
        axis2.setProperty("HTTP_METHOD", "GET");
        axis2.setProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS,
                new java.util.TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER));
        Axis2MessageContext synCtx = Mockito.mock(Axis2MessageContext.class);
        Mockito.when(synCtx.getAxis2MessageContext()).thenReturn(axis2);
        Mockito.when(synCtx.getProperty(Mockito.anyString())).thenAnswer(i -> properties.get(i.getArgument(0)));
        Mockito.doAnswer(i -> properties.put(i.getArgument(0), i.getArgument(1))).when(synCtx)
                .setProperty(Mockito.anyString(), Mockito.any());
        return synCtx;
    }

    /** The gateway's subscription and scope checks, as OAuthAuthenticator creates them. */
    public static APIKeyValidator apiKeyValidator() {
        return new APIKeyValidator();
    }

    @SuppressWarnings("unchecked")
    private static Cache<Object, Object> cache(Map<Object, Object> map) {
        Cache<Object, Object> cache = Mockito.mock(Cache.class);
        Mockito.when(cache.get(Mockito.any())).thenAnswer(i -> map.get(i.getArgument(0)));
        Mockito.doAnswer(i -> map.put(i.getArgument(0), i.getArgument(1))).when(cache).put(Mockito.any(),
                Mockito.any());
        Mockito.when(cache.remove(Mockito.any())).thenAnswer(i -> map.remove(i.getArgument(0)) != null);
        return cache;
    }

    @Override
    public void close() {
        SubscriptionDataHolder.getInstance().unregisterTenantSubscriptionStore(TENANT);
        PrivilegedCarbonContext.endTenantFlow();
        org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder.getInstance().setOauthServerConfiguration(null);
        OAUTH_INSTANCE.set((OAuthServerConfiguration) null);
        caches.close();
        org.wso2.carbon.apimgt.gateway.internal.ServiceReferenceHolder.getInstance().setJwtValidationService(null);
        env.close();
    }
}
