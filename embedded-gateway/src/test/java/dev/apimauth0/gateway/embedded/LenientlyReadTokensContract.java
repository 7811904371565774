package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * Forged tokens that APIM 4.0.0's own parser (nimbus-jose-jwt 7.3 with json-smart 2.3, called from
 * OAuthAuthenticator.getSignedJwt in gateway 9.0.174) reads as the tenant's, though a strict reader does not:
 * each is answered 401 at the gateway and never reaches the backend, on a path that is not Auth0-only. Path rules
 * hold whatever the query carries and however the path is spelled. The genuine token, its claims and JWKS come
 * from the Auth0 tenant simulator; the forgeries are signed with a key of the attacker's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LenientlyReadTokensContract {

    /** Which handler guards the gateway. */
    abstract EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder);


    static final String AUDIENCE = "https://orders.example.com/api";
    static final ObjectMapper JSON = new ObjectMapper();

    Auth0TenantSimulator tenant;
    SampleBackend backend;
    EmbeddedGateway gateway;
    HttpClient http;
    String genuine;
    String genuineHeader;
    Map<String, Object> claims;
    KeyPair attacker;

    @BeforeAll
    void start() throws Exception {
        tenant = Auth0TenantSimulator.start();
        backend = SampleBackend.start(0);
        tenant.createResourceServer(AUDIENCE, "orders:read", "orders:admin");
        Auth0TenantSimulator.Credentials app = tenant.createM2MApplication("orders-reader");
        tenant.grant(app.clientId(), AUDIENCE, "orders:read");
        gateway = wire(EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                .setting("issuers", tenant.issuer()).setting("audiences", AUDIENCE).setting("jwks_uri", tenant.jwksUri())
                .setting("required_scopes", "/orders/admin=orders:admin")).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        genuine = token(app);
        String[] parts = genuine.split("\\.");
        genuineHeader = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        JsonNode c = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims = JSON.convertValue(c, LinkedHashMap.class);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        attacker = g.generateKeyPair();
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

    @Test
    void theGenuineTokenPasses() throws Exception {
        backend.reset();
        assertThat(get("/orders/items", genuine).statusCode()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
    }

    @Test
    void forgeriesApimWouldReadAsTheTenantsAreRefusedAndNeverReachTheBackend() throws Exception {
        String iss = (String) claims.get("iss");
        String rest = restOfClaims();
        Map<String, String> forgeries = new LinkedHashMap<>();
        // json-smart drops an invalid escape: "\qiss" is iss, and "\h" inside the value disappears
        forgeries.put("invalid escape in the key", "{\"\\qiss\":\"" + iss + "\"," + rest + "}");
        forgeries.put("invalid escape in the value", "{\"iss\":\"" + iss.replace("://", ":\\h//") + "\"," + rest + "}");
        // json-smart takes control bytes before a comma or after the object for whitespace
        forgeries.put("control byte between members", "{\"iss\":\"" + iss + "\"\u000b," + rest + "}");
        forgeries.put("bytes after the object", "{\"iss\":\"" + iss + "\"," + rest + "}\u0000trailing");
        // number forms strict JSON refuses
        forgeries.put("number 1.", "{\"iss\":\"" + iss + "\"," + rest + ",\"n\":1.}");
        forgeries.put("number -", "{\"iss\":\"" + iss + "\"," + rest + ",\"n\":-}");
        // the last duplicate wins for json-smart
        forgeries.put("foreign iss first, ours last", "{\"iss\":\"https://other.example/\"," + rest + ",\"iss\":\"" + iss + "\"}");
        forgeries.put("unquoted second iss", "{\"iss\":\"https://other.example/\"," + rest + ",iss:\"" + iss + "\"}");
        // a claim that would never expire
        forgeries.put("exp 1e30", "{\"iss\":\"" + iss + "\"," + rest.replaceFirst("\"exp\":\\d+", "\"exp\":1e30") + "}");
        forgeries.put("exp 2^63-1", "{\"iss\":\"" + iss + "\"," + rest.replaceFirst("\"exp\":\\d+", "\"exp\":9223372036854775807") + "}");
        backend.reset();
        for (Map.Entry<String, String> f : forgeries.entrySet()) {
            String token = sign(genuineHeader, f.getValue());
            assertRefused(f.getKey(), token);
        }
        // base64url that nimbus decodes anyway: padding, characters outside the alphabet, standard base64
        String strict = sign(genuineHeader, JSON.writeValueAsString(claims));
        String[] p = strict.split("\\.");
        assertRefused("padding", p[0] + "." + p[1] + "=." + p[2]);
        assertRefused("foreign character", p[0] + "." + p[1].substring(0, 10) + "!" + p[1].substring(10) + "." + p[2]);
        assertRefused("padded signature", p[0] + "." + p[1] + "." + p[2] + "==");
        // structurally broken tokens carrying the tenant's claims
        assertRefused(".b.c", "." + p[1] + "." + p[2]);
        assertRefused("a..c", p[0] + ".." + p[2]);
        assertRefused("four parts", p[0] + "." + p[1] + "." + p[2] + "." + p[2]);
        assertThat(backend.requests()).as("requests that reached the backend").isZero();
    }

    /** WSO2's fork keeps the query in the path properties the handlers read (the embedded gateway does the same). */
    @Test
    void aQueryCannotSwitchOffAPathRule() throws Exception {
        backend.reset();
        for (String query : new String[] {"?redirect_uri=https://app.example/cb", "?next=/orders/items", "?a=1&b=..%2f..",
                "?x=/../../items#/items"}) {
            HttpResponse<String> r = get("/orders/admin/reports" + query, genuine);
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(403);
        }
        assertThat(backend.requests()).isZero();
    }

    @Test
    void everySpellingOfARulePathMeetsTheRuleAndAmbiguousOnesAreRefused() throws Exception {
        backend.reset();
        for (String path : new String[] {"/orders/Admin/reports", "/orders/admin;jsessionid=1/reports",
                "/orders/items/..;/admin/reports", "/orders/%41dmin/reports", "/orders/items/%2e%2e/admin/reports"}) {
            HttpResponse<String> r = get(path, genuine);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(403);
        }
        for (String path : new String[] {"/orders/items%2f..%2fadmin/reports", "/orders/%252e%252e/admin", "/orders/items%5cadmin"}) {
            HttpResponse<String> r = get(path, genuine);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
        }
        assertThat(backend.requests()).isZero();
    }

    private void assertRefused(String what, String token) throws Exception {
        HttpResponse<String> r = get("/orders/items", token);
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(401);
    }

    /** The genuine claims after iss, as JSON members (iss is always first in the simulator's tokens). */
    private String restOfClaims() throws Exception {
        Map<String, Object> rest = new LinkedHashMap<>(claims);
        rest.remove("iss");
        String json = JSON.writeValueAsString(rest);
        return json.substring(1, json.length() - 1);
    }

    private String sign(String headerJson, String claimsJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(attacker.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(Auth0TenantSimulator.Credentials app) throws Exception {
        return ClientCredentials.token(tenant, app, AUDIENCE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
