package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** The backend counts every request but remembers only the most recent ones, so long load runs stay flat. */
class SampleBackendTest {

    @Test
    void countsEveryRequestAndKeepsOnlyTheMostRecent() throws Exception {
        int total = SampleBackend.SEEN_LIMIT + 5;
        try (SampleBackend backend = SampleBackend.start(0)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < total; i++) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(backend.url() + "/r/" + i)).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            assertThat(backend.requests()).isEqualTo(total);
            assertThat(backend.seen()).hasSize(SampleBackend.SEEN_LIMIT);
            assertThat(backend.seen().get(0).path()).isEqualTo("/r/5");
            assertThat(backend.seen().get(SampleBackend.SEEN_LIMIT - 1).path()).isEqualTo("/r/" + (total - 1));
        }
    }
}
