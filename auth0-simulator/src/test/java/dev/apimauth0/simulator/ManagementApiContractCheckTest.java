package dev.apimauth0.simulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract check itself finds what it claims to find, so a clean report means something. */
class ManagementApiContractCheckTest {

    private static ManagementApiContract contract;

    @BeforeAll
    static void load() throws Exception {
        contract = ManagementApiContractTest.contract();
    }

    private static ServedExchange exchange(String method, String path, String query, String body, int status,
                                           Map<String, String> headers, String reply) {
        return new ServedExchange(method, path, query, body == null ? null : "application/json",
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), status, headers,
                reply == null ? null : reply.getBytes(StandardCharsets.UTF_8), false);
    }

    private static List<String> rules(ServedExchange e) {
        return contract.check(e).stream().map(ManagementApiContract.Violation::rule).collect(Collectors.toList());
    }

    @Test
    void aCleanExchangeHasNoViolation() {
        assertThat(contract.check(exchange("POST", "/api/v2/client-grants", null,
                "{\"client_id\":\"c\",\"audience\":\"urn:a\",\"scope\":[\"read\"]}", 201, Map.of(),
                "{\"id\":\"cgr_1\",\"client_id\":\"c\",\"audience\":\"urn:a\",\"scope\":[\"read\"]}"))).isEmpty();
    }

    @Test
    void acceptingWhatTheDefinitionRefusesIsAViolation() {
        String longDescription = "x".repeat(141);
        assertThat(rules(exchange("POST", "/api/v2/clients", null,
                "{\"name\":\"n\",\"description\":\"" + longDescription + "\"}", 201, Map.of(), "{\"client_id\":\"c\"}")))
                .containsExactly("accepted-invalid");
        assertThat(rules(exchange("POST", "/api/v2/clients", null, "{\"name\":\"n\",\"bogus\":1}", 400, Map.of(),
                "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"m\",\"errorCode\":\"invalid_body\"}"))).isEmpty();
        assertThat(rules(exchange("GET", "/api/v2/client-grants", "per_page=500", null, 200, Map.of(), "[]")))
                .containsExactly("accepted-invalid");
        assertThat(rules(exchange("GET", "/api/v2/client-grants", "name=x", null, 200, Map.of(), "[]")))
                .containsExactly("accepted-invalid");
    }

    @Test
    void refusingWhatTheDefinitionAllowsIsAViolation() {
        assertThat(rules(exchange("POST", "/api/v2/client-grants", null, "{\"client_id\":\"c\",\"audience\":\"urn:a\"}", 400,
                Map.of(), "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"m\",\"errorCode\":\"invalid_body\"}")))
                .containsExactly("refused-valid");
    }

    @Test
    void replyShapesAreChecked() {
        assertThat(rules(exchange("GET", "/api/v2/client-grants/cgr_1", null, null, 200, Map.of(),
                "{\"id\":\"cgr_1\",\"invented\":true}"))).containsExactly("response-body");
        assertThat(rules(exchange("GET", "/api/v2/client-grants/cgr_1", null, null, 404, Map.of(),
                "{\"statusCode\":400,\"error\":\"Not Found\",\"message\":\"m\"}"))).containsExactly("error-body");
        assertThat(rules(exchange("GET", "/api/v2/client-grants/cgr_1", null, null, 404, Map.of(),
                "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"m\",\"attributes\":{}}"))).containsExactly("error-body");
        assertThat(rules(exchange("GET", "/api/v2/client-grants/cgr_1", null, null, 418, Map.of(),
                "{\"statusCode\":418,\"error\":\"Teapot\",\"message\":\"m\"}"))).containsExactly("status");
        assertThat(rules(exchange("GET", "/api/v2/clients", null, null, 429, Map.of("x-ratelimit-limit", "50",
                "x-ratelimit-remaining", "0", "x-ratelimit-reset", "soon"),
                "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"m\"}"))).containsExactly("rate-limit");
        assertThat(rules(exchange("GET", "/api/v2/no-such-thing", null, null, 404, Map.of(), "{}")))
                .containsExactly("operation");
    }

    @Test
    void everyExceptionNamesItsEvidence() {
        assertThat(ManagementApiContract.EXCEPTIONS).allSatisfy(x -> assertThat(x.evidence()).isNotBlank());
    }
}
