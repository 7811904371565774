package dev.apimauth0.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;

/**
 * The gateway's way to the tenant's JWKS, on 127.0.0.1: it passes each fetch on to the tenant until it is cut, and
 * from then on nothing listens on its port (connection refused), as when the gateway loses its route to Auth0. That
 * is the failure APIM 4.0.0's own JWT path counts as a valid signature (JWTValidatorImpl 9.0.174 returns true on the
 * IOException), unlike an HTTP error status such as 429 or 503.
 */
final class JwksRelay implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String uri;
    private boolean stopped;

    private JwksRelay(URI upstream) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers().firstValue("Content-Type")
                        .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    static JwksRelay to(String upstreamJwksUri) throws IOException {
        return new JwksRelay(URI.create(upstreamJwksUri));
    }

    /** The jwks_uri the gateway is given. */
    String uri() {
        return uri;
    }

    /** The JWKS becomes unreachable: the port stops listening. */
    synchronized void cut() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
        }
    }

    @Override
    public void close() {
        cut();
    }
}
