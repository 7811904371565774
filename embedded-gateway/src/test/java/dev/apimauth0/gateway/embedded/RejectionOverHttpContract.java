package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * What every rejection looks like on the wire, for both handlers, over real HTTP through the embedded gateway
 * (Apache Synapse 3.0.1's pass-through transport, which has the same "no response before the request is read" rule
 * as WSO2's fork): bodies drained so the answer comes at once, one credential per request, the rule path without the
 * query, APIM 4.0.0's flat fault body, no echoed request headers, CORS headers. Subclasses wire the handler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RejectionOverHttpContract {

    static final String AUDIENCE = "https://orders.example.com/api";
    static final String CONTEXT = "/orders";
    static final String AUTH0_ONLY = CONTEXT + "/auth0only";
    static final String ADMIN = CONTEXT + "/admin";
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A rejection that waited for the body would take the client's 5 s read timeout (the body is never read, the
     * client blocks writing it); a loaded 2-core machine answers in well under this bound, which leaves room for it.
     */
    static final long STALL_MILLIS = 3000;

    Auth0TenantSimulator tenant;
    SampleBackend backend;
    EmbeddedGateway gateway;
    Auth0TenantSimulator.Credentials readerApp;

    /** Adds the handler under test (and its settings) to a gateway that already has the common settings. */
    abstract EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder);

    /** The Access-Control-Allow-Origin a rejection must carry for this Origin. */
    abstract String expectedAllowOrigin(String origin);

    @BeforeAll
    void start() {
        tenant = Auth0TenantSimulator.start();
        tenant.createResourceServer(AUDIENCE, "orders:read", "orders:admin");
        readerApp = tenant.createM2MApplication("orders-reader");
        tenant.grant(readerApp.clientId(), AUDIENCE, "orders:read");
        backend = SampleBackend.start(0);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", tenant.issuer());
        settings.put("audiences", AUDIENCE);
        settings.put("jwks_uri", tenant.jwksUri());
        settings.put("auth0_only_paths", AUTH0_ONLY);
        settings.put("required_scopes", ADMIN + "=orders:admin");
        settings.put("realm", "orders");
        gateway = wire(EmbeddedGateway.builder().backendUrl(backend.url()).apiContext(CONTEXT).settings(settings)).start();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }

    // ------------------------------------------------------------------ bodies of rejected requests

    @Test
    void rejectedPostsWithLargeBodiesGetTheirAnswerWithoutAStall() throws Exception {
        String forged = "Bearer " + tenant.mintTokenWithForeignKey(tenant.currentKid(), claims());
        Map<String, Object> old = claims();
        long now = System.currentTimeMillis() / 1000;
        old.put("iat", now - 7200);
        old.put("exp", now - 3600);
        String expired = "Bearer " + tenant.mintToken(old);
        // {label, authorization (null: none), path}
        String[][] credentials = {{"forged", forged, CONTEXT + "/items"}, {"expired", expired, CONTEXT + "/items"},
                {"missing", null, AUTH0_ONLY + "/items"}};
        // below the default discard limit (1 MiB): drained, answered, connection reusable
        long[] drained = {20 * 1024, 1_000_000};
        List<String> report = new ArrayList<>();
        for (String[] c : credentials) {
            for (long size : drained) {
                try (RawHttp raw = new RawHttp(gateway.port())) {
                    RawHttp.Outcome o = raw.send("POST", c[2], auth(c[1]), size, false, 5000);
                    assertThat(o.answered()).as("%s token, %d bytes: %s", c[0], size, o.closedBy()).isTrue();
                    assertThat(o.response().status()).as("%s, %d bytes", c[0], size).isEqualTo(401);
                    assertThat(o.millis()).as("%s, %d bytes: ms to the answer", c[0], size).isLessThan(STALL_MILLIS);
                    assertThat(o.response().header("Connection")).as("kept open after draining").isNotEqualToIgnoringCase("close");
                    assertThat(raw.awaitBodySent(5000)).isTrue();
                    // the same connection carries the next request
                    RawHttp.Outcome next = raw.send("GET", AUTH0_ONLY + "/next", List.of(), -1, false, 5000);
                    assertThat(next.answered()).as("second request on the connection: %s", next.closedBy()).isTrue();
                    assertThat(next.response().status()).isEqualTo(401);
                    report.add(c[0] + " " + size + " B: 401 in " + o.millis() + " ms, connection reused");
                }
            }
            // chunked 5 MB, past the limit: answered at once and then closed (the client, still sending, may see the
            // close first); never a stall
            try (RawHttp raw = new RawHttp(gateway.port())) {
                RawHttp.Outcome o = raw.send("POST", c[2], auth(c[1]), 5L * 1024 * 1024, true, 5000);
                assertThat(o.closedBy()).as("%s, chunked 5 MB", c[0]).isNotEqualTo("timeout");
                assertThat(o.millis()).as("%s, chunked 5 MB: ms to the answer or the close", c[0]).isLessThan(STALL_MILLIS);
                if (o.answered()) {
                    assertThat(o.response().status()).isEqualTo(401);
                    assertThat(raw.closedByServer(2000)).as("closed after the answer").isTrue();
                    report.add(c[0] + " chunked 5 MB: 401 in " + o.millis() + " ms, then the connection closed");
                } else {
                    report.add(c[0] + " chunked 5 MB: connection closed after " + o.millis() + " ms before the 401 was read ("
                            + o.closedBy() + ")");
                }
            }
        }
        report.forEach(line -> System.out.println(getClass().getSimpleName() + ": " + line));
        assertThat(backend.requests()).as("backend calls").isZero();
    }

    @Test
    void anEmptyPostIsAnsweredAndTheConnectionReused() throws Exception {
        try (RawHttp raw = new RawHttp(gateway.port())) {
            RawHttp.Outcome o = raw.send("POST", AUTH0_ONLY + "/x", List.of(), 0, false, 5000);
            assertThat(o.response().status()).isEqualTo(401);
            assertThat(raw.send("GET", AUTH0_ONLY + "/y", List.of(), -1, false, 5000).response().status()).isEqualTo(401);
        }
    }

    // ------------------------------------------------------------------ paths and credentials

    @Test
    void aSchemeInTheQueryDoesNotMoveTheRulePath() throws Exception {
        String reader = "Bearer " + clientCredentialsToken();
        String[] queries = {"?redirect_uri=https://app.example.com/cb", "?next=http://x/&a=b#frag://y",
                "?u=https%3A%2F%2Fapp%2Fcb&v=https://app/cb"};
        for (String q : queries) {
            HttpResponse<String> admin = get(ADMIN + "/reports" + q, reader);
            assertThat(admin.statusCode()).as("scope rule with %s: %s", q, admin.body()).isEqualTo(403);
            HttpResponse<String> only = get(AUTH0_ONLY + "/x" + q, null);
            assertThat(only.statusCode()).as("Auth0-only path with %s: %s", q, only.body()).isEqualTo(401);
        }
        assertThat(backend.requests()).isZero();
        assertThat(get(CONTEXT + "/items?redirect_uri=https://app/cb", reader).statusCode()).isEqualTo(200);
    }

    @Test
    void twoAuthorizationHeadersWithABearerAmongThemAreRefused() throws Exception {
        String good = "Bearer " + clientCredentialsToken();
        String[][][] cases = {
                {{"Authorization", good}, {"Authorization", good}},
                {{"Authorization", "Basic Y2xpZW50OnNlY3JldA=="}, {"Authorization", good}},
                {{"Authorization", good}, {"authorization", "Bearer x.y.z"}}};
        for (String[][] headers : cases) {
            try (RawHttp raw = new RawHttp(gateway.port())) {
                RawHttp.Response r = raw.send("GET", CONTEXT + "/items", java.util.Arrays.asList(headers), -1, false, 5000)
                        .response();
                assertThat(r.status()).as(r.bodyText()).isEqualTo(400);
                assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_request\"").contains("realm=\"orders\"");
                assertThat(r.headers()).doesNotContainKey("Authorization");
                assertFlatFault(r, "900901");
            }
        }
        assertThat(backend.requests()).as("backend calls").isZero();
        // one Authorization header and an unrelated repeated header: accepted
        try (RawHttp raw = new RawHttp(gateway.port())) {
            RawHttp.Response r = raw.send("GET", CONTEXT + "/items",
                    h("Authorization", good, "X-Trace", "a", "X-Trace", "b"),
                    -1, false, 5000).response();
            assertThat(r.status()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------ the answer itself

    @Test
    void theFaultBodyIsApim400sFlatJsonWhateverTheJsonFormatter() throws Exception {
        // the embedded gateway's application/json formatter writes XML payloads as {"fault":{...}} with numbers: the
        // body below can only come out flat, with the code as a string, if no JSON formatter shaped it
        String forged = tenant.mintTokenWithForeignKey(tenant.currentKid(), claims());
        try (RawHttp raw = new RawHttp(gateway.port())) {
            RawHttp.Response r = raw.send("POST", CONTEXT + "/items", h("Authorization", "Bearer " + forged, "Accept", "application/xml"), 10, false, 5000).response();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Content-Type")).isEqualToIgnoringCase("application/json; charset=UTF-8");
            assertFlatFault(r, "900901");
            assertThat(r.bodyText()).doesNotContain(forged);
        }
        HttpResponse<String> missing = get(AUTH0_ONLY + "/x", null);
        JsonNode body = JSON.readTree(missing.body());
        assertThat(body.get("code").asText()).isEqualTo("900902");
        assertThat(body.get("message").asText()).isEqualTo("Missing Credentials");
    }

    @Test
    void noRequestHeaderIsEchoedBack() throws Exception {
        String forged = "Bearer " + tenant.mintTokenWithForeignKey(tenant.currentKid(), claims());
        try (RawHttp raw = new RawHttp(gateway.port())) {
            RawHttp.Response r = raw.send("GET", CONTEXT + "/items", h("Authorization", forged, "X-Trace", "first", "X-Trace", "second",
                    "Cookie", "session=secret"), -1, false, 5000).response();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers()).doesNotContainKeys("X-Trace", "Cookie", "Authorization");
            assertThat(r.headers().toString()).doesNotContain("secret").doesNotContain("second");
        }
    }

    @Test
    void rejectionsCarryCorsHeaders() throws Exception {
        String origin = "https://app.example.com";
        try (RawHttp raw = new RawHttp(gateway.port())) {
            RawHttp.Response r = raw.send("GET", AUTH0_ONLY + "/x", h("Origin", origin), -1, false, 5000)
                    .response();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(expectedAllowOrigin(origin));
            assertThat(r.header("Access-Control-Allow-Methods")).isNotBlank();
            assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        }
    }

    // ------------------------------------------------------------------ helpers

    static void assertFlatFault(RawHttp.Response r, String code) throws Exception {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.body())).toString()).isEqualTo(text);
        JsonNode body = JSON.readTree(text);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        assertThat(fields).as(text).containsExactly("code", "message", "description");
        assertThat(body.get("code").isTextual()).as("code is a string: " + text).isTrue();
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("description").asText()).isNotBlank();
    }

    static List<String[]> h(String... nameValues) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new String[] {nameValues[i], nameValues[i + 1]});
        }
        return out;
    }

    static List<String[]> auth(String authorization) {
        List<String[]> h = new ArrayList<>();
        if (authorization != null) {
            h.add(new String[] {"Authorization", authorization});
        }
        return h;
    }

    Map<String, Object> claims() {
        return tenant.m2mClaims(readerApp.clientId(), AUDIENCE, "orders:read");
    }

    String clientCredentialsToken() throws Exception {
        return ClientCredentials.token(tenant, readerApp, AUDIENCE);
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(java.time.Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
