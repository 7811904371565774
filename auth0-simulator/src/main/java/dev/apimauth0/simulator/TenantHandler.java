package dev.apimauth0.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;

import static dev.apimauth0.simulator.Reply.mgmtError;
import static dev.apimauth0.simulator.Reply.notFound;

/**
 * Every request's way through the tenant: counted, delayed or answered by a staged fault, else routed to discovery,
 * the JWKS, the token endpoint or the Management API; a late reply is held back; the exchange is recorded for the
 * contract tests, then sent.
 */
final class TenantHandler implements HttpHandler {

    private final String baseUrl;
    private final SigningKeys keys;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final TokenEndpoint tokens;
    private final ManagementApi managementApi;

    TenantHandler(String baseUrl, SigningKeys keys, FaultInjector faults, RequestLog requestLog, TokenEndpoint tokens,
                  ManagementApi managementApi) {
        this.baseUrl = baseUrl;
        this.keys = keys;
        this.faults = faults;
        this.requestLog = requestLog;
        this.tokens = tokens;
        this.managementApi = managementApi;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod().toUpperCase();
        String rawPath = ex.getRequestURI().getRawPath();
        byte[] body = new byte[0];
        Reply reply;
        boolean injected = false;
        try {
            requestLog.record(method, rawPath);
            body = ex.getRequestBody().readAllBytes();
            faults.applyDelay(rawPath);
            reply = faults.injectedFault(method, rawPath);
            injected = reply != null;
            if (reply == null) {
                reply = route(ex, method, rawPath, body);
            }
            faults.holdLateReply(method, rawPath);
        } catch (RuntimeException e) {
            reply = mgmtError(500, "Internal Server Error", "simulator failure: " + e.getClass().getSimpleName(), null);
        }
        try {
            byte[] replyBody = reply.body == null ? null : SimJwt.JSON.writeValueAsBytes(reply.body);
            ServedExchanges.record(new ServedExchange(method, rawPath, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body, reply.status, reply.headers, replyBody, injected));
            send(ex, reply, replyBody);
        } finally {
            ex.close();
        }
    }

    private Reply route(HttpExchange ex, String method, String rawPath, byte[] body) {
        if (rawPath.equals("/.well-known/openid-configuration") && method.equals("GET")) {
            return new Reply(200, Discovery.document(baseUrl));
        }
        if (rawPath.equals("/.well-known/jwks.json") && method.equals("GET")) {
            if (faults.jwksDown()) {
                return mgmtError(503, "Service Unavailable", "JWKS unavailable", null);
            }
            return new Reply(200, keys.jwks());
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (rawPath.equals("/oauth/token")) {
            if (!method.equals("POST")) {
                return notFound();
            }
            return tokens.handle(contentType, authorization, body);
        }
        if (rawPath.startsWith("/api/v2/")) {
            return managementApi.handle(method, rawPath.substring("/api/v2/".length()), ex.getRequestURI().getRawQuery(),
                    contentType, authorization, body);
        }
        return notFound();
    }

    private static void send(HttpExchange ex, Reply reply, byte[] bytes) throws IOException {
        reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (bytes == null) {
            ex.sendResponseHeaders(reply.status, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(reply.status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
