package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;
import java.util.Map;
import dev.apimauth0.simulator.LogCapture;
import com.sun.net.httpserver.HttpServer;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Runs against the Auth0 tenant simulator (an offline stand-in built from Auth0's documented API shapes). */
class Auth0ClientTest {

    private static final String API = "https://api.example.com/orders";

    private Auth0TenantSimulator sim;
    private Auth0TenantSimulator.Credentials mgmt;
    private Auth0Client client;

    @BeforeEach
    void start() {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(API, "read:orders", "write:orders");
        mgmt = sim.createManagementApplication();
        client = new Auth0Client(config(mgmt).build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private Auth0ClientConfig.Builder config(Auth0TenantSimulator.Credentials c) {
        return Auth0ClientConfig.builder()
                .tokenEndpoint(sim.tokenEndpoint())
                .managementApiUrl(sim.baseUrl() + "api/v2")
                .clientId(c.clientId())
                .clientSecret(c.clientSecret())
                .retryBackoffMillis(10)
                .connectTimeoutMillis(1000)
                .readTimeoutMillis(2000);
    }

    /** Every failure must be an Auth0Exception whose message carries no secret and no token. */
    private Auth0Exception failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Auth0Exception e = catchThrowableOfType(call, Auth0Exception.class);
        assertThat(e).as("expected an Auth0Exception").isNotNull();
        assertThat(e.getMessage()).doesNotContain(mgmt.clientSecret());
        assertThat(e.getMessage()).doesNotContainPattern("eyJ[A-Za-z0-9_-]+\\.");
        return e;
    }

    private static ApplicationSpec m2m(String name) {
        return new ApplicationSpec().name(name).appType("non_interactive")
                .grantTypes(Collections.singletonList("client_credentials"))
                .tokenEndpointAuthMethod("client_secret_post");
    }

    @Test
    void grantsArePagedToTheEndAndOnlyClientCredentialsGrantsCount() throws Exception {
        List<String> clientIds = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Auth0TenantSimulator.Credentials app = sim.createM2MApplication("app " + i);
            sim.grant(app.clientId(), API, "read:orders");
            clientIds.add(app.clientId());
        }
        sim.resetCounters();
        List<ClientGrant> all = client.findClientGrants(null, API);
        assertThat(all).hasSize(150);
        assertThat(all.stream().map(ClientGrant::clientId).collect(Collectors.toList())).containsExactlyElementsOf(clientIds);
        assertThat(sim.requests("GET", "/api/v2/client-grants")).isEqualTo(2); // 100 a page, Auth0's maximum

        String mixed = clientIds.get(149);
        sim.grantUserAccess(mixed, API, "write:orders");
        List<ClientGrant> ofOne = client.findClientGrants(mixed, API);
        assertThat(ofOne).hasSize(1);
        assertThat(ofOne.get(0).subjectType()).isEqualTo("client");
        assertThat(ofOne.get(0).scopes()).containsExactly("read:orders");
        assertThat(sim.grantsOf(mixed)).hasSize(2);
    }

    @Test
    void freeTextIsShortenedToAuth0sLimitsAndIdentifiersOverTheLimitAreRefused() throws Exception {
        String longText = String.join("", Collections.nCopies(600, "d"));
        ResourceServerScope scope = new ResourceServerScope("read:long", longText);
        assertThat(scope.description()).hasSize(Auth0Limits.SCOPE_DESCRIPTION).endsWith("\u2026").startsWith("ddd");
        assertThat(client.updateResourceServerScopes(API, Collections.singletonList(scope)).scopes()).containsExactly(scope);
        assertThatThrownBy(() -> new ResourceServerScope(String.join("", Collections.nCopies(281, "v")), "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 280");
        // a surrogate pair at the cut is kept whole or dropped, never split
        String emoji = String.join("", Collections.nCopies(300, "\uD83D\uDE00"));
        String fitted = new ResourceServerScope("read:emoji", emoji).description();
        assertThat(fitted.length()).isLessThanOrEqualTo(Auth0Limits.SCOPE_DESCRIPTION);
        assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 2))).isFalse();

        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("apim_audience", String.join("", Collections.nCopies(300, "a")));
        Auth0Application created = client.createClient(m2m("limits").description(longText).clientMetadata(meta));
        JsonNode stored = sim.client(created.clientId()).get();
        assertThat(stored.get("description").asText()).hasSize(Auth0Limits.CLIENT_DESCRIPTION);
        assertThat(stored.get("client_metadata").get("apim_audience").asText()).hasSize(Auth0Limits.CLIENT_METADATA_CHARS);
        Map<String, String> tooMany = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThatThrownBy(() -> new ApplicationSpec().clientMetadata(tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10");
    }

    @Test
    void configNamesTheBadField() {
        assertThatThrownBy(() -> Auth0ClientConfig.builder().tokenEndpoint("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("token_endpoint:");
        assertThatThrownBy(() -> config(mgmt).clientSecret(" ").build())
                .hasMessage("client_secret: is required");
        assertThatThrownBy(() -> config(mgmt).readTimeoutMillis(0).build())
                .hasMessageStartingWith("read_timeout_ms:");
        Auth0ClientConfig ok = config(mgmt).build();
        assertThat(ok.managementApiUrl().toString()).isEqualTo(sim.managementAudience());
        assertThat(ok.managementAudience()).isEqualTo(sim.managementAudience());
        assertThat(ok.toString()).doesNotContain(mgmt.clientSecret());
    }

    @Test
    void clientLifecycle() throws Exception {
        Auth0Application created = client.createClient(m2m("orders app")
                .callbacks(Collections.singletonList("https://cb.example.com")));
        assertThat(created.clientSecret()).isNotEmpty();
        assertThat(created.appType()).isEqualTo("non_interactive");
        assertThat(created.toString()).doesNotContain(created.clientSecret());

        Auth0Application read = client.getClient(created.clientId());
        assertThat(read.clientSecret()).isEqualTo(created.clientSecret());
        assertThat(read.callbacks()).containsExactly("https://cb.example.com");

        Auth0Application updated = client.updateClient(created.clientId(), new ApplicationSpec()
                .grantTypes(Arrays.asList("client_credentials", "authorization_code")));
        assertThat(updated.grantTypes()).containsExactly("client_credentials", "authorization_code");
        assertThat(sim.client(created.clientId()).get().get("grant_types")).hasSize(2);

        Auth0Application rotated = client.rotateClientSecret(created.clientId());
        assertThat(rotated.clientSecret()).isNotEqualTo(created.clientSecret());
        assertThat(sim.client(created.clientId()).get().get("client_secret").asText()).isEqualTo(rotated.clientSecret());

        client.deleteClient(created.clientId());
        Auth0Exception gone = failure(() -> client.getClient(created.clientId()));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("inexistent_client");
        assertThat(gone.isNotFound()).isTrue();
        assertThat(failure(() -> client.deleteClient(created.clientId())).statusCode()).isEqualTo(404);
        assertThat(failure(() -> client.rotateClientSecret("nope")).errorCode()).isEqualTo("inexistent_client");
    }

    @Test
    void badPayloadIsAnInvalidBodyError() {
        Auth0Exception e = failure(() -> client.createClient(new ApplicationSpec().name("bad <name>")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("invalid_body");
        assertThat(e.auth0Message()).contains("name");
    }

    @Test
    void clientGrantsLifecycle() throws Exception {
        Auth0Application app = client.createClient(m2m("grants"));
        ClientGrant g = client.createClientGrant(app.clientId(), API, Collections.singletonList("read:orders"));
        assertThat(g.scopes()).containsExactly("read:orders");

        Auth0Exception conflict = failure(() -> client.createClientGrant(app.clientId(), API, Collections.<String>emptyList()));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.isConflict()).isTrue();

        assertThat(client.findClientGrants(app.clientId(), API)).extracting(ClientGrant::id).containsExactly(g.id());
        assertThat(client.findClientGrants(app.clientId(), "urn:other")).isEmpty();

        ClientGrant updated = client.updateClientGrant(g.id(), Arrays.asList("read:orders", "write:orders"));
        assertThat(updated.scopes()).containsExactly("read:orders", "write:orders");
        assertThat(sim.grantedScopes(app.clientId(), API)).contains(Arrays.asList("read:orders", "write:orders"));

        client.deleteClientGrant(g.id());
        assertThat(sim.grantsOf(app.clientId())).isEmpty();
        assertThat(failure(() -> client.deleteClientGrant(g.id())).statusCode()).isEqualTo(404);
        assertThat(failure(() -> client.createClientGrant(app.clientId(), "urn:unknown", Collections.<String>emptyList()))
                .errorCode()).isEqualTo("inexistent_resource_server");
    }

    @Test
    void resourceServerByIdentifierAndScopeUpdate() throws Exception {
        ResourceServer rs = client.getResourceServer(API);
        assertThat(rs.identifier()).isEqualTo(API);
        assertThat(rs.scopes()).extracting(ResourceServerScope::value).containsExactly("read:orders", "write:orders");
        List<ResourceServerScope> scopes = new ArrayList<>(rs.scopes());
        scopes.add(new ResourceServerScope("admin:orders", "administer orders"));
        ResourceServer after = client.updateResourceServerScopes(rs.id(), scopes);
        assertThat(after.scope("admin:orders").description()).isEqualTo("administer orders");
        assertThat(sim.resourceServerScopes(API)).containsExactly("read:orders", "write:orders", "admin:orders");
        assertThat(failure(() -> client.getResourceServer("urn:nope")).errorCode()).isEqualTo("inexistent_resource_server");
    }

    @Test
    void clientCredentialsTokenAndItsErrors() throws Exception {
        Auth0Application app = client.createClient(m2m("tokens"));
        client.createClientGrant(app.clientId(), API, Arrays.asList("read:orders", "write:orders"));
        TokenResponse t = client.clientCredentialsToken(app.clientId(), app.clientSecret(), API,
                Collections.singletonList("read:orders"));
        assertThat(t.scopes()).containsExactly("read:orders");
        assertThat(t.expiresIn()).isEqualTo(86400);
        assertThat(t.toString()).doesNotContain(t.accessToken());

        Auth0Exception badSecret = failure(() -> client.clientCredentialsToken(app.clientId(), "wrong-secret-value", API, null));
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(badSecret.errorCode()).isEqualTo("access_denied");
        assertThat(badSecret.getMessage()).doesNotContain("wrong-secret-value");

        Auth0Exception noService = failure(() -> client.clientCredentialsToken(app.clientId(), app.clientSecret(), "urn:x", null));
        assertThat(noService.statusCode()).isEqualTo(403);
        assertThat(noService.auth0Message()).isEqualTo("Service not found: urn:x");
        assertThat(noService.getMessage()).doesNotContain(app.clientSecret());

        Auth0Exception notGranted = failure(() -> client.clientCredentialsToken(app.clientId(), app.clientSecret(), API,
                Collections.singletonList("admin:orders")));
        assertThat(notGranted.errorCode()).isEqualTo("access_denied");
        assertThat(notGranted.auth0Message()).startsWith("Client has not been granted scopes");
    }

    @Test
    void managementTokenIsCachedAndMissingScopesAreReported() throws Exception {
        client.findClientGrants(null, null);
        client.getResourceServer(API);
        client.findClientGrants(null, API);
        assertThat(sim.tokenRequests()).isEqualTo(1);
        assertThat(client.managementTokenRequests()).isEqualTo(1);

        Auth0TenantSimulator.Credentials weak = sim.createManagementApplication("read:clients");
        try (Auth0Client weakClient = new Auth0Client(config(weak).build())) {
            Auth0Exception e = failure(() -> weakClient.createClient(m2m("x")));
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.errorCode()).isEqualTo("insufficient_scope");
            assertThat(e.auth0Message()).isEqualTo("Insufficient scope, expected any of: create:clients");
        }
    }

    @Test
    void managementTokenIsRefreshedBeforeExpiry() throws Exception {
        sim.setTokenLifetime(sim.managementAudience(), 2);
        client.findClientGrants(null, null);
        client.findClientGrants(null, null);
        assertThat(sim.tokenRequests()).isEqualTo(1);
        Thread.sleep(1100); // past half the 2 s lifetime: the refresh margin
        client.findClientGrants(null, null);
        assertThat(sim.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aRefusedCachedTokenIsReplacedOnce() throws Exception {
        client.findClientGrants(null, null);
        sim.rotateSigningKey();
        sim.revokePreviousKey(); // the cached token's key is gone: Auth0 answers 401
        assertThat(client.findClientGrants(null, null)).isNotNull();
        assertThat(sim.tokenRequests()).isEqualTo(2);
    }

    @Test
    void manyThreadsShareExactlyOneManagementTokenRequest() throws Exception {
        sim.delay("/oauth/token", 300); // widen the window in which every thread finds no token
        int threads = 24;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResourceServer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return client.getResourceServer(API);
            }));
        }
        go.countDown();
        for (Future<ResourceServer> f : results) {
            assertThat(f.get(20, TimeUnit.SECONDS).identifier()).isEqualTo(API);
        }
        pool.shutdownNow();
        assertThat(sim.tokenRequests()).isEqualTo(1);
        assertThat(client.managementTokenRequests()).isEqualTo(1);
        assertThat(sim.requests("GET", "/api/v2/resource-servers/")).isEqualTo(threads);
    }

    @Test
    void rateLimitIsWaitedOutUntilReset() throws Exception {
        client.findClientGrants(null, null);
        sim.rateLimitNext("/api/v2/client-grants", 1, 1);
        long t0 = System.nanoTime();
        assertThat(client.findClientGrants(null, null)).isNotNull();
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(sim.requests("GET", "/api/v2/client-grants")).isEqualTo(3);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(40);
        assertThat(elapsedMs).isLessThan(2500);
    }

    @Test
    void rateLimitBeyondTheWaitBudgetFailsFastEvenForPost() throws Exception {
        try (Auth0Client impatient = new Auth0Client(config(mgmt).maxRateLimitWaitMillis(500).build())) {
            impatient.findClientGrants(null, null);
            sim.rateLimitNext("/api/v2/clients", 5, 30);
            long t0 = System.nanoTime();
            Auth0Exception e = failure(() -> impatient.createClient(m2m("limited")));
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.errorCode()).isEqualTo(Auth0Exception.TOO_MANY_REQUESTS);
            assertThat(sim.requests("POST", "/api/v2/clients")).isEqualTo(1);
        }
    }

    @Test
    void rateLimitOnPostIsRepeatedBecauseNothingWasProcessed() throws Exception {
        client.findClientGrants(null, null);
        sim.rateLimitNext("/api/v2/clients", 1, 0);
        Auth0Application app = client.createClient(m2m("after-429"));
        assertThat(sim.requests("POST", "/api/v2/clients")).isEqualTo(2);
        assertThat(sim.clients()).filteredOn(c -> c.get("name").asText().equals("after-429")).hasSize(1);
        assertThat(app.clientId()).isNotEmpty();
    }

    @Test
    void serverErrorsAreRetriedForIdempotentCallsOnly() throws Exception {
        client.findClientGrants(null, null);
        sim.failNext("GET", "/api/v2/resource-servers", 503, 2);
        assertThat(client.getResourceServer(API).identifier()).isEqualTo(API);
        assertThat(sim.requests("GET", "/api/v2/resource-servers")).isEqualTo(3);

        sim.failNext("GET", "/api/v2/resource-servers", 500, 10);
        Auth0Exception exhausted = failure(() -> client.getResourceServer(API));
        assertThat(exhausted.statusCode()).isEqualTo(500);
        assertThat(sim.requests("GET", "/api/v2/resource-servers")).isEqualTo(3 + 4);
        sim.clearFaults();

        sim.failNext("POST", "/api/v2/clients", 502, 1);
        Auth0Exception post = failure(() -> client.createClient(m2m("once")));
        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(sim.requests("POST", "/api/v2/clients")).isEqualTo(1);

        Auth0Application app = client.createClient(m2m("rotate"));
        sim.failNext("POST", "/api/v2/clients/" + app.clientId() + "/rotate-secret", 503, 1);
        assertThat(failure(() -> client.rotateClientSecret(app.clientId())).statusCode()).isEqualTo(503);
        assertThat(sim.requests("POST", "/api/v2/clients/" + app.clientId() + "/rotate-secret")).isEqualTo(1);

        sim.failNext("POST", "/oauth/token", 503, 1);
        client.invalidateManagementToken(null);
        assertThat(client.findClientGrants(null, null)).isNotNull(); // token requests are safe to repeat
    }

    @Test
    void timeoutsAreRetriedForIdempotentCallsAndReportedOtherwise() throws Exception {
        try (Auth0Client quick = new Auth0Client(config(mgmt).readTimeoutMillis(200).maxRetries(1).build())) {
            quick.findClientGrants(null, null);
            sim.delay("/api/v2/resource-servers", 600);
            Auth0Exception get = failure(() -> quick.getResourceServer(API));
            assertThat(get.errorCode()).isEqualTo(Auth0Exception.TIMEOUT);
            assertThat(get.statusCode()).isEqualTo(Auth0Exception.NO_STATUS);
            assertThat(sim.requests("GET", "/api/v2/resource-servers")).isEqualTo(2);

            sim.delay("/api/v2/clients", 600);
            Auth0Exception post = failure(() -> quick.createClient(m2m("slow")));
            assertThat(post.errorCode()).isEqualTo(Auth0Exception.TIMEOUT);
            assertThat(sim.requests("POST", "/api/v2/clients")).isEqualTo(1);
        }
    }

    @Test
    void unreachableTenantIsATransportError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Auth0ClientConfig cfg = Auth0ClientConfig.builder().tokenEndpoint("http://127.0.0.1:" + port + "/oauth/token")
                .managementApiUrl("http://127.0.0.1:" + port + "/api/v2/").clientId("id").clientSecret("s3cr3t-value")
                .maxRetries(1).retryBackoffMillis(1).build();
        try (Auth0Client dead = new Auth0Client(cfg)) {
            Auth0Exception e = catchThrowableOfType(() -> dead.getClient("abc"), Auth0Exception.class);
            assertThat(e.errorCode()).isEqualTo(Auth0Exception.TRANSPORT_ERROR);
            assertThat(e.getMessage()).doesNotContain("s3cr3t-value");
        }
    }

    @Test
    void unreadableRepliesAreInvalidResponseErrors() throws Exception {
        HttpServer bad = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bad.createContext("/", ex -> {
            byte[] body;
            int status;
            if (ex.getRequestURI().getPath().equals("/oauth/token")) {
                status = 200;
                body = "{\"access_token\":\"abc.def.ghi\",\"expires_in\":3600,\"token_type\":\"Bearer\"}".getBytes(StandardCharsets.UTF_8);
            } else if (ex.getRequestURI().getPath().endsWith("/html")) {
                status = 500;
                body = "<html>oops eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl</html>".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = "not json".getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        bad.start();
        try {
            String base = "http://127.0.0.1:" + bad.getAddress().getPort() + "/";
            Auth0ClientConfig cfg = Auth0ClientConfig.builder().tokenEndpoint(base + "oauth/token")
                    .managementApiUrl(base + "api/v2/").clientId("id").clientSecret("secret-xyz").maxRetries(0).build();
            try (Auth0Client c = new Auth0Client(cfg)) {
                Auth0Exception notJson = catchThrowableOfType(() -> c.getClient("abc"), Auth0Exception.class);
                assertThat(notJson.errorCode()).isEqualTo(Auth0Exception.INVALID_RESPONSE);
                Auth0Exception html = catchThrowableOfType(() -> c.getResourceServer("html"), Auth0Exception.class);
                assertThat(html.statusCode()).isEqualTo(500);
                assertThat(html.errorCode()).isEqualTo("http_500");
            }
        } finally {
            bad.stop(0);
        }
    }

    @Test
    void logsNeverCarrySecretsOrTokens() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Auth0Application app = client.createClient(m2m("logged"));
            client.createClientGrant(app.clientId(), API, Collections.singletonList("read:orders"));
            String token = client.clientCredentialsToken(app.clientId(), app.clientSecret(), API, null).accessToken();
            sim.failNext("GET", "/api/v2/clients", 503, 1);
            sim.rateLimitNext("/api/v2/clients", 1, 0);
            client.getClient(app.clientId());
            sim.rotateSigningKey();
            sim.revokePreviousKey();
            client.getClient(app.clientId()); // refused cached token, replaced
            failure(() -> client.clientCredentialsToken(app.clientId(), "bad-secret-123456", API, null));
            assertThat(logs.lines()).isNotEmpty();
            for (String line : logs.lines()) {
                assertThat(line).doesNotContain(mgmt.clientSecret()).doesNotContain(app.clientSecret())
                        .doesNotContain(token).doesNotContain("bad-secret-123456").doesNotContain("eyJ");
            }
        }
    }

    @Test
    void redactionHidesSecretsAndTokens() {
        String cleaned = Redaction.clean("secret-xyz and eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "secret-xyz");
        assertThat(cleaned).doesNotContain("secret-xyz").doesNotContain("eyJ").contains("***").contains("sha256:");
    }
}
