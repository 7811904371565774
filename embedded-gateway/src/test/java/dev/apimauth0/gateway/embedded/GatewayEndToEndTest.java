package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * Real HTTP through Apache Synapse with the API-level token guard handler, in front of a counting backend.
 * Tokens come from two independent issuers: the Auth0 tenant simulator (a stand-in for an Auth0 tenant, built from
 * Auth0's documented shapes) as the default provider, and mock-oauth2-server (a real OAuth2/OIDC server) as a second
 * provider. A third issuer on mock-oauth2-server is not configured: its tokens belong to someone else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndTest {

    static final String AUDIENCE = "https://orders.example.com/api";
    static final String CONTEXT = "/orders";
    static final String AUTH0_ONLY = CONTEXT + "/auth0only";
    static final String ADMIN = CONTEXT + "/admin";
    static final int MAX_TOKEN_BYTES = 4096;
    static final ObjectMapper JSON = new ObjectMapper();

    Auth0TenantSimulator tenant;
    MockOAuth2Server oidc;
    SampleBackend backend;
    EmbeddedGateway gateway;
    HttpClient http;
    Auth0TenantSimulator.Credentials readerApp;
    Auth0TenantSimulator.Credentials adminApp;

    @BeforeAll
    void start() throws Exception {
        tenant = Auth0TenantSimulator.start();
        tenant.createResourceServer(AUDIENCE, "orders:read", "orders:admin");
        readerApp = tenant.createM2MApplication("orders-reader");
        tenant.grant(readerApp.clientId(), AUDIENCE, "orders:read");
        adminApp = tenant.createM2MApplication("orders-admin");
        tenant.grant(adminApp.clientId(), AUDIENCE, "orders:read", "orders:admin");

        oidc = new MockOAuth2Server();
        oidc.start(InetAddress.getByName("127.0.0.1"), 0);
        // the first request to mock-oauth2-server is slow (class loading); warm it so the guard's first JWKS
        // fetch meets a ready server
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(oidc.jwksUrl("trusted").uri()).build(),
                HttpResponse.BodyHandlers.discarding());

        backend = SampleBackend.start(0);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", tenant.issuer());
        settings.put("audiences", AUDIENCE);
        settings.put("jwks_uri", tenant.jwksUri());
        settings.put("providers", "mock");
        settings.put("provider.mock.issuers", oidc.issuerUrl("trusted").toString());
        settings.put("provider.mock.audiences", AUDIENCE);
        settings.put("provider.mock.jwks_uri", oidc.jwksUrl("trusted").toString());
        settings.put("provider.mock.jwks_read_timeout_ms", "10000");
        settings.put("auth0_only_paths", AUTH0_ONLY);
        settings.put("required_scopes", ADMIN + "=orders:admin");
        settings.put("max_token_bytes", Integer.toString(MAX_TOKEN_BYTES));
        settings.put("realm", "orders");
        gateway = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext(CONTEXT).settings(settings).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (oidc != null) {
            oidc.shutdown();
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }

    // ------------------------------------------------------------------ accepted

    @Test
    void tokenFromTheTenantsTokenEndpointReachesTheBackend() throws Exception {
        String token = clientCredentialsToken(readerApp);
        HttpResponse<String> r = get(CONTEXT + "/items", "Bearer " + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
        SampleBackend.Seen seen = backend.seen().get(0);
        assertThat(seen.authorization()).as("Authorization stays for APIM").isEqualTo("Bearer " + token);
        assertThat(seen.path()).endsWith("/items");
        // the verified claims were message-context properties; synapse.xml copies two of them into headers
        assertThat(backend.seenHeader(0, "X-Apim-Auth0-Sub")).isEqualTo(readerApp.clientId() + "@clients");
        assertThat(backend.seenHeader(0, "X-Apim-Auth0-Scope")).isEqualTo("orders:read");
    }

    @Test
    void tokenFromTheSecondProviderReachesTheBackend() throws Exception {
        String token = oidc.issueToken("trusted", "client-7", new DefaultOAuth2TokenCallback(
                "trusted", "client-7", "JWT", List.of(AUDIENCE), Map.of("scope", "orders:read"), 300)).serialize();
        HttpResponse<String> r = get(CONTEXT + "/items", "Bearer " + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
        assertThat(backend.seenHeader(0, "X-Apim-Auth0-Sub")).isEqualTo("client-7");
    }

    @Test
    void scopeRuleLetsAnAdminTokenThrough() throws Exception {
        HttpResponse<String> r = get(ADMIN + "/reports", "Bearer " + clientCredentialsToken(adminApp));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ rejected before the backend

    @Test
    void expiredTokenIsRejected() throws Exception {
        Map<String, Object> claims = tenantClaims();
        long now = now();
        claims.put("iat", now - 7200);
        claims.put("exp", now - 3600);
        assertRejected(CONTEXT + "/items", tenant.mintToken(claims), 401, "invalid_token", 900903);
    }

    @Test
    void notYetValidTokenIsRejected() throws Exception {
        Map<String, Object> claims = tenantClaims();
        claims.put("nbf", now() + 3600);
        assertRejected(CONTEXT + "/items", tenant.mintToken(claims), 401, "invalid_token", 900901);
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        Map<String, Object> claims = tenantClaims();
        claims.put("aud", "https://someone-else.example.com/api");
        assertRejected(CONTEXT + "/items", tenant.mintToken(claims), 401, "invalid_token", 900901);
    }

    @Test
    void algNoneIsRejected() throws Exception {
        String token = tenant.mintToken(Map.of("alg", "none"), tenantClaims());
        assertRejected(CONTEXT + "/items", token, 401, "invalid_token", 900901);
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsRejected() throws Exception {
        String token = tenant.mintToken(Map.of("alg", "HS256"), tenantClaims());
        assertRejected(CONTEXT + "/items", token, 401, "invalid_token", 900901);
    }

    @Test
    void unknownKidIsRejected() throws Exception {
        String token = tenant.mintTokenWithForeignKey("made-up-kid-1", tenantClaims());
        assertRejected(CONTEXT + "/items", token, 401, "invalid_token", 900901);
    }

    @Test
    void forgedSignatureUnderTheRealKidIsRejected() throws Exception {
        String token = tenant.mintTokenWithForeignKey(tenant.currentKid(), tenantClaims());
        assertRejected(CONTEXT + "/items", token, 401, "invalid_token", 900901);
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = clientCredentialsToken(readerApp).split("\\.");
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("scope", "orders:read orders:admin");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(payload)) + "." + parts[2];
        assertRejected(ADMIN + "/reports", forged, 401, "invalid_token", 900901);
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        String token = clientCredentialsToken(readerApp);
        assertRejected(CONTEXT + "/items", flipSignature(token), 401, "invalid_token", 900901);
    }

    @Test
    void oversizedTokenIsRejectedEvenOffTheAuth0OnlyPaths() throws Exception {
        Map<String, Object> claims = tenantClaims();
        claims.put("padding", "x".repeat(MAX_TOKEN_BYTES));
        assertRejected(CONTEXT + "/items", tenant.mintToken(claims), 401, "invalid_token", 900901);
    }

    @Test
    void insufficientScopeIs403WithTheRequiredScope() throws Exception {
        HttpResponse<String> r = request("GET", ADMIN + "/reports", "Bearer " + clientCredentialsToken(readerApp), null);
        assertThat(r.statusCode()).isEqualTo(403);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).startsWith("Bearer").contains("error=\"insufficient_scope\"")
                .contains("scope=\"orders:admin\"");
        assertFault(r, 900910);
        assertThat(backend.requests()).isZero();
    }

    @Test
    void aScopeRuleHoldsForEncodedAndUnnormalizedSpellingsOfItsPath() throws Exception {
        String reader = "Bearer " + clientCredentialsToken(readerApp);
        String[] spellings = {CONTEXT + "/%61dmin/reports", CONTEXT + "/items/../admin/reports",
                CONTEXT + "//admin/reports", CONTEXT + "/./admin/reports"};
        for (String path : spellings) {
            HttpResponse<String> r = get(path, reader);
            assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(403);
            assertFault(r, 900910);
        }
        assertThat(backend.requests()).isZero();
        HttpResponse<String> admin = get(CONTEXT + "/%61dmin/reports", "Bearer " + clientCredentialsToken(adminApp));
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    }

    @Test
    void secondProviderTokensAreCheckedToo() throws Exception {
        String expired = oidc.issueToken("trusted", "client-7", new DefaultOAuth2TokenCallback(
                "trusted", "client-7", "JWT", List.of(AUDIENCE), Map.of(), -3600)).serialize();
        assertRejected(CONTEXT + "/items", expired, 401, "invalid_token", 900903);

        String wrongAudience = oidc.issueToken("trusted", "client-7", new DefaultOAuth2TokenCallback(
                "trusted", "client-7", "JWT", List.of("https://other.example.com"), Map.of(), 300)).serialize();
        assertRejected(CONTEXT + "/items", wrongAudience, 401, "invalid_token", 900901);

        String good = oidc.issueToken("trusted", "client-7", new DefaultOAuth2TokenCallback(
                "trusted", "client-7", "JWT", List.of(AUDIENCE), Map.of(), 300)).serialize();
        assertRejected(CONTEXT + "/items", flipSignature(good), 401, "invalid_token", 900901);
    }

    @Test
    void clientsAskingForXmlGetApimsJsonFaultAsApim400Does() throws Exception {
        // _auth_failure_handler_ (4.0.0) answers REST clients with its JSON payload whatever they accept
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + CONTEXT + "/items"))
                .header("Authorization", "Bearer " + flipSignature(clientCredentialsToken(readerApp)))
                .header("Accept", "application/xml").GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertFault(r, 900901);
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Invalid Credentials");
        assertThat(backend.requests()).isZero();
    }

    @Test
    void rejectionOfARequestWithABodyLeavesTheGatewayUsable() throws Exception {
        String bad = flipSignature(clientCredentialsToken(readerApp));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = request("POST", CONTEXT + "/items", "Bearer " + bad, "{\"item\":\"" + "y".repeat(2000) + "\"}");
            assertThat(r.statusCode()).isEqualTo(401);
            assertFault(r, 900901);
        }
        HttpResponse<String> ok = request("POST", CONTEXT + "/items", "Bearer " + clientCredentialsToken(readerApp), "{\"item\":1}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
    }

    @Test
    void aFloodOfMadeUpKidsCostsAtMostOneJwksFetchAndGenuineTokensStillPass() throws Exception {
        String good = clientCredentialsToken(readerApp);
        assertThat(get(CONTEXT + "/items", "Bearer " + good).statusCode()).isEqualTo(200);
        List<String> forged = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // signed by the tenant's real key, under a kid its JWKS does not publish
            forged.add(tenant.mintToken(Map.of("kid", "flood-" + i + "-" + System.nanoTime()), tenantClaims()));
        }
        int fetchesBefore = tenant.jwksFetches();
        for (String token : forged) {
            assertThat(get(CONTEXT + "/items", "Bearer " + token).statusCode()).isEqualTo(401);
        }
        assertThat(tenant.jwksFetches() - fetchesBefore).as("JWKS fetches caused by 40 unknown kids").isLessThanOrEqualTo(1);
        HttpResponse<String> after = get(CONTEXT + "/items", "Bearer " + clientCredentialsToken(readerApp));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(2);
    }

    @Test
    void aForgedTokenHiddenWhereApimLooksForItIsRejected() throws Exception {
        String good = clientCredentialsToken(readerApp);
        String forged = tenant.mintTokenWithForeignKey(tenant.currentKid(), tenantClaims());
        // APIM 4.0.0 authenticates with the token after the last "Bearer" element of the header, quotes removed
        String[] headers = {"Basic Y2xpZW50OnNlY3JldA==, Bearer " + forged, "Bearer " + good + ", Bearer " + forged,
                "Bearer " + good + " Bearer " + forged, "Bearer \"" + forged + "\""};
        for (String header : headers) {
            HttpResponse<String> r = get(CONTEXT + "/items", header);
            assertThat(r.statusCode()).as("header %s: %s", header.substring(0, 12), r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
            assertFault(r, 900901);
        }
        assertThat(backend.requests()).isZero();
    }

    // ------------------------------------------------------------------ not ours: untouched, except Auth0-only paths

    @Test
    void requestsWithoutAJwtOfOursPassUntouchedOffTheAuth0OnlyPaths() throws Exception {
        String foreign = oidc.issueToken("someone-else", "client-9", new DefaultOAuth2TokenCallback(
                "someone-else", "client-9", "JWT", List.of(AUDIENCE), Map.of(), 300)).serialize();
        String[] headers = {null, "Bearer " + foreign, "Bearer not-a-jwt", "Basic Y2xpZW50OnNlY3JldA==",
                "Bearer 6d1a8f0e-opaque-apim-token"};
        for (String header : headers) {
            HttpResponse<String> r = get(CONTEXT + "/items", header);
            assertThat(r.statusCode()).as("header %s: %s", header, r.body()).isEqualTo(200);
        }
        assertThat(backend.requests()).isEqualTo(headers.length);
        assertThat(backend.seen()).extracting(SampleBackend.Seen::authorization).containsExactly(headers);
    }

    @Test
    void auth0OnlyPathsRejectMissingMalformedAndForeignTokens() throws Exception {
        HttpResponse<String> missing = get(AUTH0_ONLY + "/x", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer")
                .contains("realm=\"orders\"");
        assertFault(missing, 900902);

        assertRejected(AUTH0_ONLY + "/x", "not-a-jwt", 401, "invalid_token", 900901);
        String foreign = oidc.issueToken("someone-else", "client-9", new DefaultOAuth2TokenCallback(
                "someone-else", "client-9", "JWT", List.of(AUDIENCE), Map.of(), 300)).serialize();
        assertRejected(AUTH0_ONLY + "/x", foreign, 401, "invalid_token", 900901);
        assertThat(backend.requests()).isZero();

        HttpResponse<String> ok = get(AUTH0_ONLY + "/x", "Bearer " + clientCredentialsToken(readerApp));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private void assertRejected(String path, String token, int status, String error, int faultCode) throws Exception {
        int before = backend.requests();
        HttpResponse<String> r = get(path, "Bearer " + token);
        assertThat(r.statusCode()).as("status for %s: %s", path, r.body()).isEqualTo(status);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).startsWith("Bearer").contains("realm=\"orders\"").contains("error=\"" + error + "\"");
        assertThat(challenge).doesNotContain(token);
        assertThat(r.body()).doesNotContain(token);
        assertFault(r, faultCode);
        assertThat(backend.requests()).as("backend calls").isEqualTo(before);
    }

    /** APIM 4.0.0's _auth_failure_handler_ body: flat, code as a string. */
    private static void assertFault(HttpResponse<String> r, int code) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as("%s %s", r.headers().map(), r.body())
                .isEqualToIgnoringCase("application/json; charset=UTF-8");
        JsonNode fault = JSON.readTree(r.body());
        assertThat(fault.has("fault")).as(r.body()).isFalse();
        assertThat(fault.get("code").isTextual()).as(r.body()).isTrue();
        assertThat(fault.get("code").asText()).isEqualTo(String.valueOf(code));
        assertThat(fault.get("message").asText()).isNotBlank();
        assertThat(fault.get("description").asText()).isNotBlank();
    }

    private Map<String, Object> tenantClaims() {
        return tenant.m2mClaims(readerApp.clientId(), AUDIENCE, "orders:read");
    }

    private String clientCredentialsToken(Auth0TenantSimulator.Credentials app) throws Exception {
        return ClientCredentials.token(tenant, app, AUDIENCE);
    }

    private static String flipSignature(String token) {
        int dot = token.lastIndexOf('.');
        char[] c = token.toCharArray();
        int i = dot + 5;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        return new String(c);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return request("GET", path, authorization, null);
    }

    private HttpResponse<String> request(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
