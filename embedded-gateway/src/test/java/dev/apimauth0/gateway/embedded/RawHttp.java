package dev.apimauth0.gateway.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http hides: repeated request headers, a body still being sent
 * while the answer arrives, and whether the server then keeps or closes the connection.
 */
final class RawHttp implements AutoCloseable {

    /** One response as read from the wire. */
    record Response(int status, Map<String, List<String>> headers, byte[] body, long millis) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the client saw after sending a request. */
    record Outcome(Response response, String closedBy, long millis) {
        boolean answered() {
            return response != null;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile Thread sender;
    private volatile IOException sendFailure;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Sends the head now and the body (if any) from another thread, so the answer can arrive while the body is
     * still being sent; then reads one response within the timeout.
     *
     * @param headers name-value pairs, repeated names allowed
     * @param bodyBytes body length, or -1 for none
     * @param chunked send the body with Transfer-Encoding: chunked
     */
    Outcome send(String method, String target, List<String[]> headers, long bodyBytes, boolean chunked, int timeoutMs)
            throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (bodyBytes >= 0) {
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyBytes + "\r\n");
            head.append("Content-Type: application/json\r\n");
        }
        head.append("\r\n");
        long start = System.nanoTime();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (bodyBytes > 0) {
            Thread t = new Thread(() -> writeBody(bodyBytes, chunked), "raw-http-body");
            t.setDaemon(true);
            sender = t;
            t.start();
        } else if (bodyBytes == 0 && chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        socket.setSoTimeout(timeoutMs);
        try {
            Response r = readResponse(start);
            return new Outcome(r, null, r.millis());
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "timeout", elapsed(start));
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(start));
        }
    }

    /** Waits until the body thread has finished (sent everything, or failed because the server closed). */
    boolean awaitBodySent(int timeoutMs) throws InterruptedException {
        Thread t = sender;
        if (t == null) {
            return true;
        }
        t.join(timeoutMs);
        return !t.isAlive();
    }

    /** True when the server closed the connection (EOF or reset) within the timeout. */
    boolean closedByServer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void writeBody(long bytes, boolean chunked) {
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'y');
        long left = bytes;
        try {
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.write(chunk, 0, n);
                }
                left -= n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException e) {
            sendFailure = e;
        }
    }

    private Response readResponse(long start) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim(), k -> new ArrayList<>()).add(l.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("Content-Length");
        List<String> te = headers.get("Transfer-Encoding");
        if (length != null) {
            int n = Integer.parseInt(length.get(0));
            body.write(in.readNBytes(n));
        } else if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line();
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while ((l = line()) != null && !l.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line();
            }
        } else if (status != 204 && status != 304) {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray(), elapsed(start));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
