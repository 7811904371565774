package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Auth0TenantSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Auth0TenantSimulator sim;

    @BeforeEach
    void start() {
        sim = Auth0TenantSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenForm(String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String mgmtToken(Auth0TenantSimulator.Credentials c) throws Exception {
        HttpResponse<String> r = tokenForm("grant_type=client_credentials&client_id=" + c.clientId() + "&client_secret="
                + enc(c.clientSecret()) + "&audience=" + enc(sim.managementAudience()));
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<String> mgmt(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.managementAudience() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static JsonNode header(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }

    /** Verifies a token against the JWKS the simulator publishes, with the JCA only. */
    private boolean verifiesAgainstJwks(String jwt) throws Exception {
        JsonNode jwks = json(send(HttpRequest.newBuilder(URI.create(sim.jwksUri()))));
        String kid = header(jwt).get("kid").asText();
        for (JsonNode k : jwks.get("keys")) {
            if (k.get("kid").asText().equals(kid)) {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.get("n").asText()));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.get("e").asText()));
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                String[] parts = jwt.split("\\.");
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(key);
                s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return s.verify(Base64.getUrlDecoder().decode(parts[2]));
            }
        }
        return false;
    }

    @Test
    void discoveryAndJwksDescribeTheTenant() throws Exception {
        JsonNode d = json(send(HttpRequest.newBuilder(URI.create(sim.wellKnownUri()))));
        assertThat(d.get("issuer").asText()).isEqualTo(sim.issuer()).endsWith("/");
        assertThat(d.get("token_endpoint").asText()).isEqualTo(sim.tokenEndpoint());
        assertThat(d.get("jwks_uri").asText()).isEqualTo(sim.jwksUri());
        assertThat(d.has("introspection_endpoint")).isFalse();
        JsonNode keys = json(send(HttpRequest.newBuilder(URI.create(sim.jwksUri())))).get("keys");
        assertThat(keys).hasSize(2);
        for (JsonNode k : keys) {
            assertThat(k.get("kty").asText()).isEqualTo("RSA");
            assertThat(k.get("alg").asText()).isEqualTo("RS256");
            assertThat(k.get("use").asText()).isEqualTo("sig");
            assertThat(Base64.getUrlDecoder().decode(k.get("n").asText())).hasSize(256);
        }
        assertThat(sim.jwksFetches()).isEqualTo(1);
    }

    @Test
    void clientCredentialsIssuesAnAuth0ShapedSignedToken() throws Exception {
        sim.createResourceServer("https://api.example.com", "read:orders", "write:orders");
        Auth0TenantSimulator.Credentials app = sim.createM2MApplication("orders-app");
        sim.grant(app.clientId(), "https://api.example.com", "read:orders", "write:orders");

        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "grant_type", "client_credentials", "client_id", app.clientId(),
                        "client_secret", app.clientSecret(), "audience", "https://api.example.com",
                        "scope", "read:orders")))));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(86400);
        assertThat(body.get("scope").asText()).isEqualTo("read:orders");
        String jwt = body.get("access_token").asText();
        JsonNode claims = payload(jwt);
        assertThat(claims.get("iss").asText()).isEqualTo(sim.issuer());
        assertThat(claims.get("sub").asText()).isEqualTo(app.clientId() + "@clients");
        assertThat(claims.get("azp").asText()).isEqualTo(app.clientId());
        assertThat(claims.get("aud").asText()).isEqualTo("https://api.example.com");
        assertThat(claims.get("gty").asText()).isEqualTo("client-credentials");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86400);
        assertThat(claims.has("permissions")).isFalse();
        assertThat(header(jwt).get("alg").asText()).isEqualTo("RS256");
        assertThat(header(jwt).get("kid").asText()).isEqualTo(sim.currentKid());
        assertThat(verifiesAgainstJwks(jwt)).isTrue();
        assertThat(sim.tokenRequests()).isEqualTo(1);
    }

    @Test
    void aClientSecretBasicApplicationMustAuthenticateWithTheHeader() throws Exception {
        sim.createResourceServer("urn:basic", "a");
        Auth0TenantSimulator.Credentials app = sim.createApplication("adminLegacy_PRODUCTION", "non_interactive",
                "client_secret_basic", "client_credentials");
        sim.grant(app.clientId(), "urn:basic", "a");
        // secret in the body: refused, as Auth0 holds the client to its token_endpoint_auth_method
        HttpResponse<String> body = tokenForm("grant_type=client_credentials&client_id=" + app.clientId()
                + "&client_secret=" + enc(app.clientSecret()) + "&audience=urn%3Abasic");
        assertThat(body.statusCode()).isEqualTo(401);
        assertThat(json(body).get("error").asText()).isEqualTo("access_denied");
        String basic = Base64.getEncoder().encodeToString((app.clientId() + ":" + app.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> header = send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&audience=urn%3Abasic")));
        assertThat(header.statusCode()).isEqualTo(200);
    }

    @Test
    void clientListsArePagedWithFieldsAsAuth0PagesThem() throws Exception {
        String token = mgmtToken(sim.createManagementApplication());
        for (int i = 0; i < 3; i++) {
            sim.createM2MApplication("paged-" + i);
        }
        int total = sim.clients().size();
        JsonNode page0 = json(mgmt("GET", "clients?fields=client_id%2Cname&include_fields=true&per_page=2&page=0", token, null));
        assertThat(page0.size()).isEqualTo(2);
        assertThat(page0.get(0).size()).isEqualTo(2); // client_id and name only
        JsonNode last = json(mgmt("GET", "clients?per_page=2&page=" + ((total - 1) / 2), token, null));
        assertThat(last.size()).isEqualTo(total % 2 == 0 ? 2 : 1);
        assertThat(mgmt("GET", "clients?per_page=101", token, null).statusCode()).isEqualTo(400);
        assertThat(mgmt("GET", "clients?name=paged-1", token, null).statusCode()).isEqualTo(400); // no such filter
    }

    @Test
    void basicAuthAndRbacDialectAndLifetime() throws Exception {
        sim.createResourceServer("urn:api", "a", "b");
        sim.setTokenDialect("urn:api", "access_token_authz");
        sim.setTokenLifetime("urn:api", 600);
        Auth0TenantSimulator.Credentials app = sim.createM2MApplication("rbac");
        sim.grant(app.clientId(), "urn:api", "a", "b");
        String basic = Base64.getEncoder().encodeToString((app.clientId() + ":" + app.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&audience=urn%3Aapi")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("expires_in").asInt()).isEqualTo(600);
        JsonNode claims = payload(json(r).get("access_token").asText());
        assertThat(claims.get("scope").asText()).isEqualTo("a b");
        assertThat(claims.get("permissions").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void tokenEndpointIsStrict() throws Exception {
        sim.createResourceServer("urn:api", "a", "b");
        Auth0TenantSimulator.Credentials app = sim.createM2MApplication("strict");
        String base = "grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret=" + enc(app.clientSecret());

        HttpResponse<String> unknownAudience = tokenForm(base + "&audience=urn%3Anope");
        assertThat(unknownAudience.statusCode()).isEqualTo(403);
        assertThat(json(unknownAudience).get("error").asText()).isEqualTo("access_denied");
        assertThat(json(unknownAudience).get("error_description").asText()).isEqualTo("Service not found: urn:nope");

        HttpResponse<String> noGrant = tokenForm(base + "&audience=urn%3Aapi");
        assertThat(noGrant.statusCode()).isEqualTo(403);
        // Auth0's own wording for a client with no grant for the audience (shared/auth0/README.md)
        assertThat(json(noGrant).get("error_description").asText()).isEqualTo("Client is not authorized to access \"urn:api\"."
                + " You need to create a \"client-grant\" associated to this API. See:"
                + " https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants");

        sim.grant(app.clientId(), "urn:api", "a");
        HttpResponse<String> tooMuch = tokenForm(base + "&audience=urn%3Aapi&scope=a%20b");
        assertThat(tooMuch.statusCode()).isEqualTo(403);
        assertThat(json(tooMuch).get("error_description").asText()).isEqualTo("Client has not been granted scopes: b");

        HttpResponse<String> badSecret = tokenForm("grant_type=client_credentials&client_id=" + app.clientId()
                + "&client_secret=wrong&audience=urn%3Aapi");
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(json(badSecret).get("error").asText()).isEqualTo("access_denied");
        assertThat(json(badSecret).get("error_description").asText()).isEqualTo("Unauthorized");

        HttpResponse<String> noAudience = tokenForm(base);
        assertThat(noAudience.statusCode()).isEqualTo(403);

        HttpResponse<String> badGrantType = tokenForm("grant_type=password&client_id=" + app.clientId());
        assertThat(badGrantType.statusCode()).isEqualTo(400);
        assertThat(json(badGrantType).get("error").asText()).isEqualTo("unsupported_grant_type");

        assertThat(tokenForm(base + "&audience=urn%3Aapi&scope=a").statusCode()).isEqualTo(200);
    }

    @Test
    void managementApiRequiresAValidTokenForItsAudience() throws Exception {
        HttpResponse<String> missing = mgmt("GET", "clients", null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("message").asText()).isEqualTo("Missing authentication");

        sim.createResourceServer("urn:api", "a");
        Auth0TenantSimulator.Credentials app = sim.createM2MApplication("x");
        sim.grant(app.clientId(), "urn:api", "a");
        Map<String, Object> wrongAud = sim.m2mClaims(app.clientId(), "urn:api", "read:clients");
        assertThat(mgmt("GET", "clients", sim.mintToken(wrongAud), null).statusCode()).isEqualTo(401);

        Map<String, Object> expired = sim.m2mClaims(app.clientId(), sim.managementAudience(), "read:clients");
        expired.put("exp", System.currentTimeMillis() / 1000 - 10);
        HttpResponse<String> exp = mgmt("GET", "clients", sim.mintToken(expired), null);
        assertThat(exp.statusCode()).isEqualTo(401);
        assertThat(json(exp).get("message").asText()).contains("Expired");

        Map<String, Object> good = sim.m2mClaims(app.clientId(), sim.managementAudience(), "read:clients");
        assertThat(mgmt("GET", "clients", sim.mintToken(Map.of("alg", "none"), good), null).statusCode()).isEqualTo(401);
        assertThat(mgmt("GET", "clients", sim.mintToken(Map.of("alg", "HS256"), good), null).statusCode()).isEqualTo(401);
        assertThat(mgmt("GET", "clients", sim.mintTokenWithForeignKey(sim.currentKid(), good), null).statusCode()).isEqualTo(401);
        assertThat(mgmt("GET", "clients", sim.mintToken(good), null).statusCode()).isEqualTo(200);
    }

    @Test
    void managementScopesAreEnforcedPerEndpoint() throws Exception {
        Auth0TenantSimulator.Credentials mgmtApp = sim.createManagementApplication("read:clients");
        String token = mgmtToken(mgmtApp);
        HttpResponse<String> denied = mgmt("POST", "clients", token, "{\"name\":\"n\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        JsonNode body = json(denied);
        assertThat(body.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body.get("error").asText()).isEqualTo("Forbidden");
        assertThat(body.get("message").asText()).isEqualTo("Insufficient scope, expected any of: create:clients");
        assertThat(body.get("errorCode").asText()).isEqualTo("insufficient_scope");
        HttpResponse<String> read = mgmt("GET", "clients/" + mgmtApp.clientId(), token, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).has("client_secret")).isFalse();
    }

    @Test
    void clientLifecycleGrantsAndSecretRotation() throws Exception {
        sim.createResourceServer("urn:api", "a", "b");
        String token = mgmtToken(sim.createManagementApplication());
        HttpResponse<String> created = mgmt("POST", "clients", token,
                "{\"name\":\"shop app\",\"app_type\":\"non_interactive\",\"grant_types\":[\"client_credentials\"],"
                        + "\"token_endpoint_auth_method\":\"client_secret_post\",\"callbacks\":[\"https://cb\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("client_id").asText();
        String secret = json(created).get("client_secret").asText();
        assertThat(mgmt("POST", "clients", token, "{\"name\":\"a<b\"}").statusCode()).isEqualTo(400);
        assertThat(mgmt("POST", "clients", token, "{\"name\":\"x\",\"bogus\":1}").statusCode()).isEqualTo(400);
        assertThat(mgmt("POST", "clients", token, "{\"name\":\"x\",\"app_type\":\"weird\"}").statusCode()).isEqualTo(400);
        assertThat(mgmt("POST", "clients", token, "{not json").statusCode()).isEqualTo(400);

        assertThat(json(mgmt("GET", "clients/" + id, token, null)).get("client_secret").asText()).isEqualTo(secret);
        assertThat(json(mgmt("PATCH", "clients/" + id, token, "{\"callbacks\":[\"https://other\"]}")).get("callbacks").get(0).asText())
                .isEqualTo("https://other");

        String grant = "{\"client_id\":\"" + id + "\",\"audience\":\"urn:api\",\"scope\":[\"a\"]}";
        HttpResponse<String> g = mgmt("POST", "client-grants", token, grant);
        assertThat(g.statusCode()).isEqualTo(201);
        String grantId = json(g).get("id").asText();
        HttpResponse<String> conflict = mgmt("POST", "client-grants", token, grant);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).get("errorCode").asText()).isEqualTo("client_grant_conflict");
        assertThat(mgmt("POST", "client-grants", token,
                "{\"client_id\":\"" + id + "\",\"audience\":\"urn:other\",\"scope\":[]}").statusCode()).isEqualTo(404);
        assertThat(json(mgmt("GET", "client-grants?client_id=" + id + "&audience=urn%3Aapi", token, null))).hasSize(1);
        assertThat(json(mgmt("GET", "client-grants?client_id=nobody", token, null))).isEmpty();
        assertThat(mgmt("PATCH", "client-grants/" + grantId, token, "{\"scope\":[\"a\",\"zzz\"]}").statusCode()).isEqualTo(400);
        assertThat(mgmt("PATCH", "client-grants/" + grantId, token, "{\"scope\":[\"a\",\"b\"]}").statusCode()).isEqualTo(200);
        assertThat(sim.grantedScopes(id, "urn:api")).contains(java.util.List.of("a", "b"));

        HttpResponse<String> rotated = mgmt("POST", "clients/" + id + "/rotate-secret", token, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newSecret = json(rotated).get("client_secret").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(tokenForm("grant_type=client_credentials&client_id=" + id + "&client_secret=" + enc(secret)
                + "&audience=urn%3Aapi").statusCode()).isEqualTo(401);
        assertThat(tokenForm("grant_type=client_credentials&client_id=" + id + "&client_secret=" + enc(newSecret)
                + "&audience=urn%3Aapi").statusCode()).isEqualTo(200);

        assertThat(mgmt("DELETE", "client-grants/" + grantId, token, null).statusCode()).isEqualTo(204);
        assertThat(mgmt("DELETE", "client-grants/" + grantId, token, null).statusCode()).isEqualTo(404);
        assertThat(mgmt("DELETE", "clients/" + id, token, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = mgmt("GET", "clients/" + id, token, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("errorCode").asText()).isEqualTo("inexistent_client");
        assertThat(sim.client(id)).isEmpty();
    }

    @Test
    void resourceServersByIdOrEncodedIdentifierAndConcurrentEdit() throws Exception {
        String rsId = sim.createResourceServer("https://api.example.com/orders", "read");
        String token = mgmtToken(sim.createManagementApplication());
        String encoded = URLEncoder.encode("https://api.example.com/orders", StandardCharsets.UTF_8);
        assertThat(json(mgmt("GET", "resource-servers/" + rsId, token, null)).get("identifier").asText())
                .isEqualTo("https://api.example.com/orders");
        assertThat(mgmt("GET", "resource-servers/" + encoded, token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = mgmt("GET", "resource-servers/nope", token, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("errorCode").asText()).isEqualTo("inexistent_resource_server");

        sim.afterNextResourceServerRead(rsId, () -> sim.addResourceServerScopes(rsId, "added:elsewhere"));
        JsonNode stale = json(mgmt("GET", "resource-servers/" + encoded, token, null));
        assertThat(stale.get("scopes")).hasSize(1);
        assertThat(sim.resourceServerScopes(rsId)).containsExactly("read", "added:elsewhere");
        assertThat(mgmt("PATCH", "resource-servers/" + encoded, token,
                "{\"scopes\":[{\"value\":\"read\",\"description\":\"r\"},{\"value\":\"write\",\"description\":\"w\"}]}").statusCode())
                .isEqualTo(200);
        // the blind write lost the concurrent addition: exactly what the hook is for
        assertThat(sim.resourceServerScopes(rsId)).containsExactly("read", "write");
        assertThat(mgmt("PATCH", "resource-servers/" + rsId, token, "{\"identifier\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(mgmt("PATCH", "resource-servers/" + rsId, token, "{\"token_dialect\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void resourceServersAreCreatedAndDeletedThroughTheManagementApi() throws Exception {
        String token = mgmtToken(sim.createManagementApplication("create:resource_servers", "read:resource_servers",
                "delete:resource_servers"));
        HttpResponse<String> created = mgmt("POST", "resource-servers", token,
                "{\"name\":\"Orders\",\"identifier\":\"https://api.example.com/orders\",\"signing_alg\":\"RS256\","
                        + "\"token_lifetime\":600,\"scopes\":[{\"value\":\"read:orders\",\"description\":\"Read\"}]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode rs = json(created);
        assertThat(rs.get("identifier").asText()).isEqualTo("https://api.example.com/orders");
        assertThat(rs.get("name").asText()).isEqualTo("Orders");
        assertThat(rs.get("token_lifetime").asInt()).isEqualTo(600);
        assertThat(rs.get("is_system").asBoolean()).isFalse();
        assertThat(sim.resourceServerScopes("https://api.example.com/orders")).containsExactly("read:orders");
        String id = rs.get("id").asText();
        assertThat(json(mgmt("GET", "resource-servers/" + id, token, null)).get("name").asText()).isEqualTo("Orders");

        HttpResponse<String> again = mgmt("POST", "resource-servers", token, "{\"identifier\":\"https://api.example.com/orders\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(mgmt("POST", "resource-servers", token, "{\"name\":\"no identifier\"}").statusCode()).isEqualTo(400);
        assertThat(mgmt("POST", "resource-servers", token, "{\"identifier\":\"" + sim.managementAudience() + "\"}")
                .statusCode()).isEqualTo(409);
        // the name defaults to the identifier
        assertThat(json(mgmt("POST", "resource-servers", token, "{\"identifier\":\"urn:bare\"}")).get("name").asText())
                .isEqualTo("urn:bare");

        assertThat(mgmt("DELETE", "resource-servers/" + id, token, null).statusCode()).isEqualTo(204);
        assertThat(mgmt("GET", "resource-servers/" + id, token, null).statusCode()).isEqualTo(404);
        HttpResponse<String> system = mgmt("DELETE", "resource-servers/"
                + URLEncoder.encode(sim.managementAudience(), StandardCharsets.UTF_8), token, null);
        assertThat(system.statusCode()).isEqualTo(400);
        assertThat(json(system).get("message").asText()).isEqualTo("System resource servers cannot be deleted");

        String weak = mgmtToken(sim.createManagementApplication("read:resource_servers"));
        HttpResponse<String> denied = mgmt("POST", "resource-servers", weak, "{\"identifier\":\"urn:x\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("message").asText()).isEqualTo("Insufficient scope, expected any of: create:resource_servers");
    }

    @Test
    void aClientGrantIsReadByIdAndKeptPerSubjectType() throws Exception {
        sim.createResourceServer("urn:api", "a", "b");
        Auth0TenantSimulator.Credentials app = sim.createM2MApplication("subject types");
        String token = mgmtToken(sim.createManagementApplication());
        // scope is optional: a grant with no scopes
        HttpResponse<String> userGrant = mgmt("POST", "client-grants", token, "{\"client_id\":\"" + app.clientId()
                + "\",\"audience\":\"urn:api\",\"subject_type\":\"user\"}");
        assertThat(userGrant.statusCode()).isEqualTo(201);
        assertThat(json(userGrant).get("scope")).isEmpty();
        String userGrantId = json(userGrant).get("id").asText();
        // a user-type grant is no client-credentials grant: the token endpoint still refuses
        assertThat(tokenForm("grant_type=client_credentials&client_id=" + app.clientId() + "&client_secret="
                + enc(app.clientSecret()) + "&audience=urn%3Aapi").statusCode()).isEqualTo(403);
        HttpResponse<String> clientGrant = mgmt("POST", "client-grants", token, "{\"client_id\":\"" + app.clientId()
                + "\",\"audience\":\"urn:api\",\"scope\":[\"a\"]}");
        assertThat(clientGrant.statusCode()).isEqualTo(201);
        assertThat(mgmt("POST", "client-grants", token, "{\"client_id\":\"" + app.clientId()
                + "\",\"audience\":\"urn:api\",\"subject_type\":\"client\"}").statusCode()).isEqualTo(409);
        assertThat(sim.grantedScopes(app.clientId(), "urn:api")).contains(java.util.List.of("a"));

        HttpResponse<String> read = mgmt("GET", "client-grants/" + userGrantId, token, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("subject_type").asText()).isEqualTo("user");
        assertThat(json(read).get("audience").asText()).isEqualTo("urn:api");
        HttpResponse<String> missing = mgmt("GET", "client-grants/cgr_nope", token, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("errorCode").asText()).isEqualTo("inexistent_client_grant");
        assertThat(json(mgmt("GET", "client-grants?client_id=" + app.clientId() + "&subject_type=client", token, null)))
                .hasSize(1);
        assertThat(json(mgmt("GET", "client-grants?client_id=" + app.clientId(), token, null))).hasSize(2);
    }

    @Test
    void listsArePagedAsAuth0PagesThemWithTotalsOnRequest() throws Exception {
        sim.createResourceServer("urn:api", "a");
        String token = mgmtToken(sim.createManagementApplication());
        for (int i = 0; i < 7; i++) {
            sim.grant(sim.createM2MApplication("app " + i).clientId(), "urn:api", "a");
        }
        JsonNode first = json(mgmt("GET", "client-grants?audience=urn%3Aapi&per_page=3&page=0&include_totals=true", token, null));
        assertThat(first.get("total").asInt()).isEqualTo(7);
        assertThat(first.get("start").asInt()).isEqualTo(0);
        assertThat(first.get("limit").asInt()).isEqualTo(3);
        assertThat(first.get("client_grants")).hasSize(3);
        JsonNode last = json(mgmt("GET", "client-grants?audience=urn%3Aapi&per_page=3&page=2&include_totals=true", token, null));
        assertThat(last.get("start").asInt()).isEqualTo(6);
        assertThat(last.get("client_grants")).hasSize(1);
        assertThat(json(mgmt("GET", "client-grants?audience=urn%3Aapi&per_page=3&page=2", token, null))).hasSize(1);
        assertThat(mgmt("GET", "client-grants?per_page=101", token, null).statusCode()).isEqualTo(400);
        assertThat(mgmt("GET", "client-grants?per_page=0", token, null).statusCode()).isEqualTo(400);
        assertThat(mgmt("GET", "client-grants?page=-1", token, null).statusCode()).isEqualTo(400);
        assertThat(mgmt("GET", "client-grants?include_totals=yes", token, null).statusCode()).isEqualTo(400);
        assertThat(mgmt("GET", "client-grants?name=x", token, null).statusCode()).isEqualTo(400);
        JsonNode clients = json(mgmt("GET", "clients?per_page=5&page=1&include_totals=true", token, null));
        assertThat(clients.get("total").asInt()).isEqualTo(8); // 7 apps and the management application
        assertThat(clients.get("clients")).hasSize(3);
        JsonNode servers = json(mgmt("GET", "resource-servers?include_totals=true&per_page=1", token, null));
        assertThat(servers.get("total").asInt()).isEqualTo(2);
        assertThat(servers.get("resource_servers")).hasSize(1);
    }

    @Test
    void faultsAreReproducibleAndCounted() throws Exception {
        String token = mgmtToken(sim.createManagementApplication());
        sim.resetCounters();
        sim.failNext("GET", "/api/v2/clients", 503, 2);
        assertThat(mgmt("GET", "clients", token, null).statusCode()).isEqualTo(503);
        assertThat(mgmt("POST", "clients", token, "{\"name\":\"n\"}").statusCode()).isEqualTo(201);
        assertThat(mgmt("GET", "clients", token, null).statusCode()).isEqualTo(503);
        assertThat(mgmt("GET", "clients", token, null).statusCode()).isEqualTo(200);

        sim.rateLimitNext("/api/v2/", 1, 3);
        HttpResponse<String> limited = mgmt("GET", "clients", token, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        long reset = Long.parseLong(limited.headers().firstValue("x-ratelimit-reset").orElseThrow());
        assertThat(reset).isBetween(System.currentTimeMillis() / 1000 + 1, System.currentTimeMillis() / 1000 + 4);
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).contains("0");
        assertThat(limited.headers().firstValue("x-ratelimit-limit")).isPresent();
        assertThat(mgmt("GET", "clients", token, null).statusCode()).isEqualTo(200);
        assertThat(sim.managementRequests()).isEqualTo(6);

        sim.jwksDown(true);
        assertThat(send(HttpRequest.newBuilder(URI.create(sim.jwksUri()))).statusCode()).isEqualTo(503);
        sim.jwksDown(false);
        assertThat(send(HttpRequest.newBuilder(URI.create(sim.jwksUri()))).statusCode()).isEqualTo(200);
        assertThat(sim.jwksFetches()).isEqualTo(2);

        sim.delay("/.well-known/", 300);
        long t0 = System.nanoTime();
        send(HttpRequest.newBuilder(URI.create(sim.wellKnownUri())));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(290);
    }

    @Test
    void keyRotationPublishesNextSignsWithItAndRevokesPrevious() throws Exception {
        String first = sim.currentKid();
        Map<String, Object> claims = new HashMap<>(sim.m2mClaims("c", "urn:x"));
        String oldToken = sim.mintToken(claims);
        String next = sim.publishNextKey();
        assertThat(sim.publishedKids()).containsExactly(first, next);
        assertThat(sim.rotateSigningKey()).isEqualTo(next);
        String newToken = sim.mintToken(claims);
        assertThat(header(newToken).get("kid").asText()).isEqualTo(next);
        assertThat(verifiesAgainstJwks(oldToken)).isTrue();
        assertThat(verifiesAgainstJwks(newToken)).isTrue();
        sim.revokePreviousKey();
        assertThat(sim.publishedKids()).containsExactly(next);
        assertThat(verifiesAgainstJwks(oldToken)).isFalse();
        assertThat(verifiesAgainstJwks(newToken)).isTrue();
    }
}
