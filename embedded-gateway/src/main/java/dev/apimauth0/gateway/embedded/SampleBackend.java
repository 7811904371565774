package dev.apimauth0.gateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP backend on 127.0.0.1 that answers every request with 200 and a small JSON body, and counts what
 * reaches it: the tests assert that rejected requests never get here. It keeps only the most recent requests, so a
 * long load run costs the same per request at its end as at its start.
 */
public final class SampleBackend implements AutoCloseable {

    /** How many recent requests {@link #seen()} keeps. */
    public static final int SEEN_LIMIT = 1000;

    static {
        // Without TCP_NODELAY every proxied response waits for the gateway's delayed ACK (~40 ms). The JDK's
        // server reads this once, when its first HttpServer starts in the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** What the backend saw of one request. */
    public record Seen(String method, String path, String authorization, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Seen> seen = new ArrayList<>();

    private SampleBackend(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 and the given port (0 = ephemeral). */
    public static SampleBackend start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "sample-backend");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            SampleBackend backend = new SampleBackend(server, executor);
            server.createContext("/", backend::handle);
            server.start();
            return backend;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the sample backend", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        Seen one = new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                java.util.Collections.unmodifiableMap(headers));
        synchronized (seen) {
            if (seen.size() == SEEN_LIMIT) {
                seen.remove(0);
            }
            seen.add(one);
        }
        int n = requests.incrementAndGet();
        byte[] body = ("{\"backend\":\"sample\",\"request\":" + n + ",\"path\":\"" + path.replace("\"", "") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int requests() {
        return requests.get();
    }

    /** The most recent requests (at most {@link #SEEN_LIMIT}), oldest first. */
    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** A header of the i-th request seen, or null. */
    public String seenHeader(int i, String name) {
        synchronized (seen) {
            return seen.get(i).headers().get(name);
        }
    }

    public void reset() {
        requests.set(0);
        synchronized (seen) {
            seen.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
