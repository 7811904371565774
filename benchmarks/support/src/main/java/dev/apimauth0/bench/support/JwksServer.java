package dev.apimauth0.bench.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a JWKS document on 127.0.0.1 (ephemeral port), Auth0's path, and counts the fetches,
 * so the guard under test retrieves its keys over real HTTP.
 */
public final class JwksServer implements AutoCloseable {

    public static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicLong fetches = new AtomicLong();
    private final byte[] body;

    private JwksServer(String jwksJson) throws IOException {
        this.body = jwksJson.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(PATH, exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-jwks");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static JwksServer start(String jwksJson) throws IOException {
        return new JwksServer(jwksJson);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** How many times the JWKS was requested since start. */
    public long fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
