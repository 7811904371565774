package dev.apimauth0.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP exchange a simulator served, as a contract check needs it: the request line, its content type and body,
 * the status, the headers the simulator set and the reply body. {@link #injected()} marks replies made by a fault
 * injection rather than by the simulated tenant.
 */
public final class ServedExchange {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final String contentType;
    private final byte[] requestBody;
    private final int status;
    private final Map<String, String> responseHeaders;
    private final byte[] responseBody;
    private final boolean injected;

    ServedExchange(String method, String rawPath, String rawQuery, String contentType, byte[] requestBody, int status,
                   Map<String, String> responseHeaders, byte[] responseBody, boolean injected) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.contentType = contentType;
        this.requestBody = requestBody.clone();
        this.status = status;
        this.responseHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(responseHeaders));
        this.responseBody = responseBody == null ? new byte[0] : responseBody.clone();
        this.injected = injected;
    }

    public String method() {
        return method;
    }

    public String rawPath() {
        return rawPath;
    }

    /** The raw query string, or null. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The request's Content-Type header, or null. */
    public String contentType() {
        return contentType;
    }

    public String requestBody() {
        return new String(requestBody, StandardCharsets.UTF_8);
    }

    public int status() {
        return status;
    }

    /** Headers the simulator set on the reply (names as set, lower case for x-ratelimit-*). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    public String responseBody() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    public boolean injected() {
        return injected;
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + " -> " + status + (injected ? " (injected)" : "");
    }
}
