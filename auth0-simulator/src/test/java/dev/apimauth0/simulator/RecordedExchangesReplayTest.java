package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real exchanges with an Auth0 tenant (shared/auth0/recordings, recorded by Auth0's Go SDK tests) as oracle: each
 * recording's requests are replayed in order against a fresh simulator tenant, with the ids Auth0 gave replaced by
 * the ids the simulator gives, and every reply must have the recorded status, an error reply the recorded error body.
 * Skipped with a message when the recordings are absent.
 */
class RecordedExchangesReplayTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyRecordedExchangeGetsTheRecordedStatusAndErrorBody() throws Exception {
        Path dir = ManagementApiContract.locateRecordings().orElse(null);
        Assumptions.assumeTrue(dir != null, "skipped: Auth0's recordings are not in shared/auth0/recordings beside the checkout");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int replayed = 0;
        List<String> differences = new ArrayList<>();
        for (Path file : files) {
            replayed += replay(file, differences);
        }
        System.out.println("Replayed " + replayed + " recorded Auth0 exchanges from " + files.size() + " recordings; "
                + "differences: " + differences);
        assertThat(replayed).isGreaterThanOrEqualTo(40);
        assertThat(differences).isEmpty();
    }

    private int replay(Path file, List<String> differences) throws Exception {
        JsonNode recording = YAML.readTree(file.toFile());
        int n = 0;
        try (Auth0TenantSimulator sim = Auth0TenantSimulator.start()) {
            String token = token(sim);
            Map<String, String> ids = new LinkedHashMap<>();
            for (JsonNode interaction : recording.get("interactions")) {
                JsonNode req = interaction.get("request");
                JsonNode res = interaction.get("response");
                String url = req.get("url").asText();
                String path = url.substring(url.indexOf("/api/v2/"));
                String body = req.path("body").asText("").trim();
                for (Map.Entry<String, String> id : ids.entrySet()) {
                    path = path.replace(id.getKey(), id.getValue());
                    body = body.replace(id.getKey(), id.getValue());
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path.substring(1)))
                        .header("Authorization", "Bearer " + token);
                if (!body.isEmpty()) {
                    b.header("Content-Type", "application/json");
                }
                HttpResponse<String> r = http.send(b.method(req.get("method").asText(), body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                n++;
                String what = file.getFileName() + " #" + interaction.get("id").asInt() + " " + req.get("method").asText() + " " + path;
                int recorded = res.get("code").asInt();
                JsonNode recordedBody = parse(res.path("body").asText(""));
                JsonNode servedBody = parse(r.body());
                if (r.statusCode() != recorded) {
                    if (!excused(servedBody)) {
                        differences.add(what + ": " + r.statusCode() + " where Auth0 answered " + recorded + " " + r.body());
                    }
                    continue;
                }
                if (recorded >= 400 && !String.valueOf(recordedBody).equals(String.valueOf(servedBody))) {
                    differences.add(what + ": error body " + servedBody + " where Auth0 answered " + recordedBody);
                }
                // ids Auth0 gave become the simulator's for the rest of the recording
                for (String idField : List.of("id", "client_id")) {
                    if (recordedBody != null && servedBody != null && recordedBody.path(idField).isTextual()
                            && servedBody.path(idField).isTextual()) {
                        ids.put(recordedBody.get(idField).asText(), servedBody.get(idField).asText());
                    }
                }
                // client lists also hold the simulator's management application, which the recorded tenant's list
                // did not show: only grant totals (filtered by client) compare one to one
                if (recordedBody != null && recordedBody.has("total") && recordedBody.has("client_grants")
                        && recordedBody.get("total").asInt() != servedBody.path("total").asInt(-1)) {
                    differences.add(what + ": total " + servedBody.path("total") + " where Auth0 answered " + recordedBody.get("total"));
                }
            }
        }
        return n;
    }

    /** A reply that differs from Auth0's for a documented reason (ManagementApiContract.EXCEPTIONS). */
    private static boolean excused(JsonNode served) {
        if (served == null || !"invalid_body".equals(served.path("errorCode").asText())) {
            return false;
        }
        ServedExchange e = new ServedExchange("POST", "/api/v2/client-grants", null, null, new byte[0], 400, Map.of(),
                served.toString().getBytes(StandardCharsets.UTF_8), false);
        return ManagementApiContract.exceptionFor(new ManagementApiContract.Violation("*", "refused-valid",
                served.path("message").asText(), e)).isPresent();
    }

    private String token(Auth0TenantSimulator sim) throws Exception {
        Auth0TenantSimulator.Credentials c = sim.createManagementApplication(
                Auth0TenantSimulator.MANAGEMENT_SCOPES.toArray(new String[0]));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + c.clientId()
                        + "&client_secret=" + URLEncoder.encode(c.clientSecret(), StandardCharsets.UTF_8)
                        + "&audience=" + URLEncoder.encode(sim.managementAudience(), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return SimJwt.JSON.readTree(r.body()).get("access_token").asText();
    }

    private static JsonNode parse(String s) {
        try {
            return s == null || s.isEmpty() ? null : SimJwt.JSON.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }
}
