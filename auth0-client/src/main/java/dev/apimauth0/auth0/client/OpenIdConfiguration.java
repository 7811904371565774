package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;

/** The parts of a tenant's /.well-known/openid-configuration a key manager uses. Immutable. */
public final class OpenIdConfiguration {

    private static final int MAX_BYTES = 256 * 1024;

    private final String issuer;
    private final String tokenEndpoint;
    private final String jwksUri;
    private final String revocationEndpoint;
    private final String authorizationEndpoint;
    private final String userinfoEndpoint;
    private final String registrationEndpoint;
    private final java.util.List<String> grantTypesSupported;

    private OpenIdConfiguration(JsonNode n) {
        this.issuer = Json.text(n, "issuer");
        this.tokenEndpoint = Json.text(n, "token_endpoint");
        this.jwksUri = Json.text(n, "jwks_uri");
        this.revocationEndpoint = Json.text(n, "revocation_endpoint");
        this.authorizationEndpoint = Json.text(n, "authorization_endpoint");
        this.userinfoEndpoint = Json.text(n, "userinfo_endpoint");
        this.registrationEndpoint = Json.text(n, "registration_endpoint");
        this.grantTypesSupported = Json.strings(n, "grant_types_supported");
    }

    /** The document as a reply body; throws IllegalArgumentException when it is not one. */
    static OpenIdConfiguration fromJson(JsonNode n) {
        if (n == null || !n.isObject() || Json.text(n, "issuer") == null) {
            throw new IllegalArgumentException("no issuer in the well-known document");
        }
        return new OpenIdConfiguration(n);
    }

    /**
     * Fetches and parses the document (one GET, no retries; the caller decides what a failure means), over the same
     * HTTP stack as every other Auth0 call ({@link Auth0Http}).
     */
    public static OpenIdConfiguration fetch(String url, int connectTimeoutMillis, int readTimeoutMillis) throws Auth0Exception {
        String op = "GET well-known configuration";
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new Auth0Exception(op, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR, e.getClass().getSimpleName());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new Auth0Exception(op, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR, "not an http(s) URL");
        }
        int status;
        byte[] body;
        try (CloseableHttpClient http = Auth0Http.create(connectTimeoutMillis, readTimeoutMillis, 1)) {
            HttpGet get = new HttpGet(uri);
            get.setHeader("Accept", "application/json");
            try (CloseableHttpResponse response = http.execute(get)) {
                status = response.getStatusLine().getStatusCode();
                if (status != 200) {
                    throw new Auth0Exception(op, status, "http_" + status, "the well-known document is not available");
                }
                body = Auth0Http.readBounded(response.getEntity(), MAX_BYTES);
            }
        } catch (SocketTimeoutException | ConnectTimeoutException e) {
            throw new Auth0Exception(op, Auth0Exception.NO_STATUS, Auth0Exception.TIMEOUT, "no reply in time");
        } catch (IOException | RuntimeException e) {
            throw new Auth0Exception(op, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR, e.getClass().getSimpleName());
        }
        if (body == null) {
            throw new Auth0Exception(op, status, Auth0Exception.INVALID_RESPONSE, "document too large");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new Auth0Exception(op, 200, Auth0Exception.INVALID_RESPONSE, "the well-known document is not JSON");
        }
        if (n == null || !n.isObject() || Json.text(n, "issuer") == null) {
            throw new Auth0Exception(op, 200, Auth0Exception.INVALID_RESPONSE, "no issuer in the well-known document");
        }
        return new OpenIdConfiguration(n);
    }

    public String issuer() { return issuer; }
    public String tokenEndpoint() { return tokenEndpoint; }
    public String jwksUri() { return jwksUri; }
    public String revocationEndpoint() { return revocationEndpoint; }
    public String authorizationEndpoint() { return authorizationEndpoint; }
    public String userinfoEndpoint() { return userinfoEndpoint; }
    public String registrationEndpoint() { return registrationEndpoint; }
    /** grant_types_supported; empty when the document does not list them (Auth0's does not). */
    public java.util.List<String> grantTypesSupported() { return grantTypesSupported; }
}
