package dev.apimauth0.osgitests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server on a plain socket for tests that run inside the OSGi framework (java.* only, so the
 * probe bundle needs no import): fixed JSON replies by path, one request per connection, counted per path.
 */
final class TinyHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, String[]> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private TinyHttpServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::acceptLoop, "tiny-http-" + socket.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    static TinyHttpServer start() throws IOException {
        TinyHttpServer server = new TinyHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        server.acceptor.start();
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    void serve(String path, int status, String json) {
        replies.put(path, new String[] {String.valueOf(status), json});
    }

    int requests(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5000);
                answer(client);
            } catch (IOException e) {
                // closed, or a client went away: next connection
            }
        }
    }

    private void answer(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        if (requestLine == null) {
            return;
        }
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // headers are not needed
        }
        String[] parts = requestLine.split(" ");
        String path = parts.length > 1 ? parts[1] : "/";
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String[] reply = replies.getOrDefault(path, new String[] {"404", "{\"error\":\"not_found\"}"});
        byte[] body = reply[1].getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + reply[0] + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
