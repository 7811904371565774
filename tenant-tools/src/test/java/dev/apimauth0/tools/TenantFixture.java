package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apimauth0.simulator.Auth0TenantSimulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A simulated tenant and the ways tests talk to it outside the tools (as an operator in the Dashboard would). */
final class TenantFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private TenantFixture() {
    }

    /** What the Dashboard's API Explorer hands out: a token of an application granted every Management API scope. */
    static String apiExplorerToken(Auth0TenantSimulator sim) throws Exception {
        Auth0TenantSimulator.Credentials explorer = sim.createManagementApplication(
                Auth0TenantSimulator.MANAGEMENT_SCOPES.toArray(new String[0]));
        return token(sim, explorer, sim.managementAudience());
    }

    static String token(Auth0TenantSimulator sim, Auth0TenantSimulator.Credentials c, String audience) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(c.clientId()) + "&client_secret="
                + enc(c.clientSecret()) + "&audience=" + enc(audience);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request refused: " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** POST /resource-servers as an operator would in the Dashboard (any signing algorithm, any dialect). */
    static JsonNode createApi(Auth0TenantSimulator sim, String token, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.managementAudience() + "resource-servers"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /resource-servers refused: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Runs setup on the tenant: the API with the given scopes, APIM's application and its grant. */
    static Setup.Result setUp(Auth0TenantSimulator sim, String api, String... scopes) throws Exception {
        Setup.Result result = Setup.of(Tenant.of(sim.baseUrl()), apiExplorerToken(sim), api, null, List.of(scopes),
                null, null).run();
        if (!result.report().ok()) {
            throw new IllegalStateException(result.report().toText());
        }
        return result;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The outcome of one command line run in-process. */
    static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }
    }

    static Run main(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
