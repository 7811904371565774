package dev.apimauth0.core.token;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real JWKS endpoint on 127.0.0.1 that counts fetches and can be switched to fail. */
final class JwksServer implements AutoCloseable {

    enum Mode { OK, HTTP_500, SLOW, GARBAGE }

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile long slowMillis = 3000;
    private volatile List<Map<String, Object>> keys = new ArrayList<>();

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-jwks");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            try {
                Mode m = mode;
                if (m == Mode.SLOW) {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (m == Mode.HTTP_500) {
                    byte[] body = "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, body.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(body);
                    }
                    return;
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("keys", new ArrayList<Object>(keys));
                byte[] body = (m == Mode.GARBAGE ? "<html>not json" : TestTokens.json(doc)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The issuer whose default jwks_uri is this server (http on loopback is allowed). */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    URI jwksUri() {
        return URI.create(issuer() + ".well-known/jwks.json");
    }

    @SafeVarargs
    final JwksServer publish(Map<String, Object>... jwks) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> j : jwks) {
            list.add(j);
        }
        keys = list;
        return this;
    }

    JwksServer mode(Mode m) {
        mode = m;
        return this;
    }

    JwksServer slow(long millis) {
        slowMillis = millis;
        mode = Mode.SLOW;
        return this;
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
