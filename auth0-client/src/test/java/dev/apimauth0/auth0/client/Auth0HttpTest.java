package dev.apimauth0.auth0.client;

import com.sun.net.httpserver.HttpServer;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.Test;

import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The one HTTP stack of Auth0 calls: what it never does on its own, and its bound on replies. */
class Auth0HttpTest {

    @Test
    void aChallengeIsNeverAnsweredWithCredentialsTheCallerDidNotSend() throws Exception {
        // HttpClient's default auth schemes would answer a 401 Basic challenge with what the JVM's Authenticator
        // offers (useSystemProperties); the stack registers none, so the 401 goes back to the caller as it came
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"tenant\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("jvm-user", "jvm-password".toCharArray());
            }
        });
        try (CloseableHttpClient http = Auth0Http.create(1000, 1000, 1);
             CloseableHttpResponse response = http.execute(new HttpGet(
                     "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/clients"))) {
            assertThat(response.getStatusLine().getStatusCode()).isEqualTo(401);
        } finally {
            Authenticator.setDefault(null);
            server.stop(0);
        }
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void aReplyBeyondTheBoundIsNotRead() throws Exception {
        byte[] reply = "0123456789".getBytes(StandardCharsets.UTF_8);
        assertThat(Auth0Http.readBounded(new ByteArrayEntity(reply), 10)).isEqualTo(reply);
        assertThat(Auth0Http.readBounded(new ByteArrayEntity(reply), 9)).isNull();
        assertThat(Auth0Http.readBounded(null, 9)).isEmpty();
    }
}
