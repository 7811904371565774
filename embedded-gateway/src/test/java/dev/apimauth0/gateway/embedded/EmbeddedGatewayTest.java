package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The embedded gateway's own promises: settings file under its carbon.home, clear start failures, port 0. */
class EmbeddedGatewayTest {

    @Test
    void anInvalidSettingStopsTheStartWithTheKeyAndTheReason() {
        try (SampleBackend backend = SampleBackend.start(0)) {
            assertThatThrownBy(() -> EmbeddedGateway.builder().backendUrl(backend.url())
                    .setting("issuers", "https://tenant.example.com/").setting("audiences", "https://api.example.com")
                    .setting("clock_leeway_seconds", "abc").start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("apim_auth0.gateway.clock_leeway_seconds: ")
                    .hasMessageContaining("\"abc\"");
            assertThat(backend.requests()).isZero();
        }
    }

    @Test
    void settingsAreWrittenUnderItsOwnCarbonHomeWhichIsRestoredAfterStart() throws Exception {
        String before = System.getProperty("carbon.home");
        try (SampleBackend backend = SampleBackend.start(0);
             EmbeddedGateway gateway = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/pets")
                     .setting("issuers", "https://tenant.example.com/").setting("audiences", "https://api.example.com")
                     .setting("jwks_uri", "http://127.0.0.1:9/jwks").setting("auth0_only_paths", "/pets/secure")
                     .start()) {
            assertThat(System.getProperty("carbon.home")).isEqualTo(before);
            Properties written = new Properties();
            try (var in = Files.newInputStream(gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE))) {
                written.load(in);
            }
            assertThat(written).containsEntry("auth0_only_paths", "/pets/secure");
            assertThat(gateway.port()).isPositive();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(gateway.apiUrl() + "/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> secure = http.send(HttpRequest.newBuilder(URI.create(gateway.apiUrl() + "/secure/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(secure.statusCode()).as("the handler read the file: /pets/secure is Auth0-only").isEqualTo(401);
            assertThat(backend.requests()).isEqualTo(1);
        }
    }
}
