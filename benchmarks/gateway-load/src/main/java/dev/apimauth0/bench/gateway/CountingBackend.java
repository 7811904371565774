package dev.apimauth0.bench.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test's backend on 127.0.0.1: answers 200 with a small JSON body and only counts requests.
 * (The embedded gateway's SampleBackend also records every request in a copy-on-write list, which costs
 * O(requests so far) per request: right for functional tests, wrong under sustained load.)
 */
final class CountingBackend implements AutoCloseable {

    private static final byte[] BODY = "{\"backend\":\"bench\",\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    /**
     * The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm holds the body
     * until the gateway's delayed ACK (40 ms on Linux) and every proxied request takes 40 ms. The JDK reads this
     * property once, when its first HTTP server starts: call before any.
     */
    static void noDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();

    CountingBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-backend");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
