package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Negative cases taken from Auth0's definition: for every member of every request body the simulator accepts, a
 * value of the wrong type and a string one character over its maxLength get 400 invalid_body, a member the schema
 * does not list gets 400, and a string of exactly maxLength is accepted where the simulator stores it.
 */
class DefinitionNegativeCasesTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ManagementApiContract contract;
    private Auth0TenantSimulator sim;
    private String token;
    private String clientId;
    private String grantId;
    private String rsId;

    @BeforeEach
    void start() throws Exception {
        contract = ManagementApiContractTest.contract();
        sim = Auth0TenantSimulator.start();
        Auth0TenantSimulator.Credentials mgmt = sim.createManagementApplication(Auth0TenantSimulator.MANAGEMENT_SCOPES.toArray(new String[0]));
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + mgmt.clientId()
                        + "&client_secret=" + URLEncoder.encode(mgmt.clientSecret(), StandardCharsets.UTF_8)
                        + "&audience=" + URLEncoder.encode(sim.managementAudience(), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        token = SimJwt.JSON.readTree(t.body()).get("access_token").asText();
        rsId = sim.createResourceServer("urn:api", "a");
        clientId = sim.createM2MApplication("target").clientId();
        grantId = sim.grant(clientId, "urn:api", "a");
    }

    @AfterEach
    void stop() {
        if (sim != null) { // null when the definition is absent and the test was skipped
            sim.close();
        }
    }

    private HttpResponse<String> call(String method, String path, JsonNode body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "api/v2/" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode resolve(JsonNode s) {
        while (s.has("$ref")) {
            s = contract.definition().at(s.get("$ref").asText().substring(1));
        }
        return s;
    }

    private record Operation(String method, String path, String schema, String base) {
    }

    private List<Operation> operations() {
        return List.of(
                new Operation("POST", "clients", "CreateClientRequestContent", "{\"name\":\"n\"}"),
                new Operation("PATCH", "clients/" + clientId, "UpdateClientRequestContent", "{}"),
                new Operation("POST", "client-grants", "CreateClientGrantRequestContent",
                        "{\"client_id\":\"" + clientId + "\",\"audience\":\"urn:api\",\"subject_type\":\"user\"}"),
                new Operation("PATCH", "client-grants/" + grantId, "UpdateClientGrantRequestContent", "{\"scope\":[\"a\"]}"),
                new Operation("POST", "resource-servers", "CreateResourceServerRequestContent", "{\"identifier\":\"urn:new\"}"),
                new Operation("PATCH", "resource-servers/" + rsId, "UpdateResourceServerRequestContent", "{}"));
    }

    private static Object wrongValueFor(JsonNode schema) {
        JsonNode type = schema.path("type");
        String t = type.isArray() ? type.get(0).asText() : type.asText();
        return switch (t) {
            case "string", "array", "object" -> 12345;
            case "integer", "number", "boolean" -> "not a " + t;
            default -> null;
        };
    }

    private void assertInvalidBody(Operation op, ObjectNode body, String why) throws Exception {
        HttpResponse<String> r = call(op.method(), op.path(), body);
        assertThat(r.statusCode()).as(op.method() + " " + op.path() + " " + why + ": " + body).isEqualTo(400);
        assertThat(SimJwt.JSON.readTree(r.body()).path("errorCode").asText()).as(why).isEqualTo("invalid_body");
    }

    @Test
    void wrongTypesOverLengthsAndUnknownMembersAreRefused() throws Exception {
        int cases = 0;
        for (Operation op : operations()) {
            JsonNode schema = contract.definition().get("components").get("schemas").get(op.schema());
            ObjectNode extra = (ObjectNode) SimJwt.JSON.readTree(op.base());
            extra.put("not_in_the_definition", true);
            assertInvalidBody(op, extra, "extra member");
            cases++;
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode ps = resolve(p.getValue());
                Object wrong = wrongValueFor(ps);
                if (wrong != null) {
                    ObjectNode body = (ObjectNode) SimJwt.JSON.readTree(op.base());
                    body.set(p.getKey(), SimJwt.JSON.valueToTree(wrong));
                    assertThat(contract.checkRequest(op.method(), "/api/v2/" + op.path(), null, body.toString()))
                            .as("the definition refuses " + body).isNotEmpty();
                    assertInvalidBody(op, body, "wrong type of " + p.getKey());
                    cases++;
                }
                if (ps.has("maxLength")) {
                    ObjectNode body = (ObjectNode) SimJwt.JSON.readTree(op.base());
                    body.put(p.getKey(), "x".repeat(ps.get("maxLength").asInt() + 1));
                    assertInvalidBody(op, body, p.getKey() + " over " + ps.get("maxLength").asInt());
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(100);
    }

    @Test
    void nestedLimitsAreRefusedAndValuesAtTheLimitAccepted() throws Exception {
        Operation patchRs = operations().get(5);
        assertInvalidBody(patchRs, (ObjectNode) SimJwt.JSON.readTree("{\"scopes\":[{\"value\":\"" + "v".repeat(281) + "\"}]}"), "scope value");
        assertInvalidBody(patchRs, (ObjectNode) SimJwt.JSON.readTree("{\"scopes\":[{\"value\":\"v\",\"description\":\""
                + "d".repeat(501) + "\"}]}"), "scope description");
        assertInvalidBody(patchRs, (ObjectNode) SimJwt.JSON.readTree("{\"scopes\":[{\"value\":\"v\",\"other\":1}]}"), "scope member");
        assertInvalidBody(patchRs, (ObjectNode) SimJwt.JSON.readTree("{\"token_lifetime\":2592001}"), "token_lifetime");
        Operation postClient = operations().get(0);
        StringBuilder meta = new StringBuilder("{\"name\":\"n\",\"client_metadata\":{");
        for (int i = 0; i < 11; i++) {
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertInvalidBody(postClient, (ObjectNode) SimJwt.JSON.readTree(meta + "}}"), "11 metadata keys");
        assertInvalidBody(postClient, (ObjectNode) SimJwt.JSON.readTree("{\"name\":\"n\",\"client_metadata\":{\"k\":\""
                + "v".repeat(256) + "\"}}"), "metadata value");
        assertInvalidBody(postClient, (ObjectNode) SimJwt.JSON.readTree("{\"name\":\"n\",\"callbacks\":[\"not a url\"]}"), "callback");

        // what the definition allows is accepted, at the limits and with the current enums and nulls
        List<String> allowed = new ArrayList<>(List.of(
                "PATCH resource-servers/" + rsId + " {\"scopes\":[{\"value\":\"" + "v".repeat(280) + "\",\"description\":\""
                        + "d".repeat(500) + "\"}],\"signing_alg\":\"RS512\",\"token_lifetime\":0}",
                "POST clients {\"name\":\"n\",\"description\":\"" + "d".repeat(140) + "\",\"app_type\":\"resource_server\","
                        + "\"callbacks\":[\"https://*.example.com/cb\",\"myapp://cb\"],\"client_metadata\":{\"k\":\"" + "v".repeat(255) + "\"}}",
                "PATCH clients/" + clientId + " {\"token_endpoint_auth_method\":null,\"organization_usage\":null}",
                "PATCH client-grants/" + grantId + " {\"scope\":null}",
                "POST resource-servers {\"identifier\":\"" + "i".repeat(600) + "\",\"name\":\"" + "n".repeat(200) + "\"}"));
        for (String a : allowed) {
            String[] parts = a.split(" ", 3);
            assertThat(contract.checkRequest(parts[0], "/api/v2/" + parts[1], null, parts[2])).as(a).isEmpty();
            HttpResponse<String> r = call(parts[0], parts[1], SimJwt.JSON.readTree(parts[2]));
            assertThat(r.statusCode()).as(a + " -> " + r.body()).isBetween(200, 201);
        }
        assertThat(sim.client(clientId).get().has("token_endpoint_auth_method")).isFalse();
        assertThat(sim.grantedScopes(clientId, "urn:api")).contains(List.of());
    }
}
