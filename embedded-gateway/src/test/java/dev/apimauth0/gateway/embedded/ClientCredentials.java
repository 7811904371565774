package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.apimauth0.simulator.Auth0TenantSimulator;

/** A client_credentials token from the simulator's token endpoint, requested as a machine-to-machine client does. */
final class ClientCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ClientCredentials() {
    }

    static String token(Auth0TenantSimulator tenant, Auth0TenantSimulator.Credentials app, String audience) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + enc(app.clientId()) + "&client_secret="
                + enc(app.clientSecret()) + "&audience=" + enc(audience);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tenant.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
