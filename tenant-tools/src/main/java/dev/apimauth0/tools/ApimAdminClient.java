package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.HttpEntity;
import org.apache.http.NameValuePair;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The calls to APIM 4.0.0's Admin REST API v2 that register a key manager, and the token they need: dynamic
 * client registration with the admin's credentials, then a password-grant token with the Admin API's scopes (as
 * the API definition's own description lays out). TLS trust comes from the JVM (javax.net.ssl.trustStore).
 * Failures are {@link ApimException}s that never carry the password, a client secret or a token.
 */
final class ApimAdminClient implements Closeable {

    static final String ADMIN_API = "api/am/admin/v2/";
    static final String DCR = "client-registration/v0.17/register";
    static final String TOKEN = "oauth2/token";
    static final String SCOPES = "apim:admin apim:admin_operations";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A refused or failed APIM call; the message names the call and APIM's reason. */
    static final class ApimException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        ApimException(String operation, int status, String reason) {
            super("APIM " + operation + " failed: " + (status == 0 ? "no HTTP status" : "HTTP " + status)
                    + (reason == null || reason.isEmpty() ? "" : " - " + reason));
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final String base;
    private final CloseableHttpClient http;
    private final List<String> secrets = new ArrayList<>();
    private String accessToken;

    ApimAdminClient(String apimUrl, int connectTimeoutMillis, int readTimeoutMillis) {
        String b = apimUrl.trim();
        this.base = b.endsWith("/") ? b : b + "/";
        URI uri = URI.create(base);
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("the APIM URL must be http(s) with a host, e.g. https://apim.example.com:9443");
        }
        this.http = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connectTimeoutMillis)
                        .setSocketTimeout(readTimeoutMillis)
                        .setConnectionRequestTimeout(connectTimeoutMillis)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("apim-auth0-tenant-tools")
                .useSystemProperties()
                .build();
    }

    /** Uses an Admin API token the caller already has. */
    void useAccessToken(String token) {
        secrets.add(token);
        this.accessToken = token;
    }

    /** Registers an OAuth client for the admin (DCR) and gets a password-grant token with the Admin API's scopes. */
    void logIn(String username, String password) throws ApimException {
        secrets.add(password);
        String basicAdmin = basic(username, password);
        ObjectNode dcr = JSON.createObjectNode();
        dcr.put("callbackUrl", "www.example.com");
        dcr.put("clientName", "apim_auth0_tenant_tools");
        dcr.put("owner", username);
        dcr.put("grantType", "password refresh_token");
        dcr.put("saasApp", true);
        HttpPost register = new HttpPost(base + DCR);
        register.setHeader("Authorization", basicAdmin);
        register.setEntity(json(dcr));
        JsonNode client = call("POST /" + DCR, register, 200, 201);
        String clientId = client.path("clientId").asText(null);
        String clientSecret = client.path("clientSecret").asText(null);
        if (clientId == null || clientSecret == null) {
            throw new ApimException("POST /" + DCR, 200, "no clientId/clientSecret in the reply");
        }
        secrets.add(clientSecret);
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("grant_type", "password"));
        form.add(new BasicNameValuePair("username", username));
        form.add(new BasicNameValuePair("password", password));
        form.add(new BasicNameValuePair("scope", SCOPES));
        HttpPost token = new HttpPost(base + TOKEN);
        token.setHeader("Authorization", basic(clientId, clientSecret));
        token.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        JsonNode reply = call("POST /" + TOKEN, token, 200);
        String t = reply.path("access_token").asText(null);
        if (t == null || t.isEmpty()) {
            throw new ApimException("POST /" + TOKEN, 200, "no access_token in the reply");
        }
        useAccessToken(t);
    }

    /** GET /key-managers: the list of {id, name, type, ...}. */
    JsonNode listKeyManagers() throws ApimException {
        return call("GET /key-managers", authorized(new HttpGet(base + ADMIN_API + "key-managers")), 200);
    }

    JsonNode getKeyManager(String id) throws ApimException {
        return call("GET /key-managers/{id}", authorized(new HttpGet(base + ADMIN_API + "key-managers/" + id)), 200);
    }

    JsonNode addKeyManager(ObjectNode keyManager) throws ApimException {
        HttpPost post = authorized(new HttpPost(base + ADMIN_API + "key-managers"));
        post.setEntity(json(keyManager));
        return call("POST /key-managers", post, 201, 200);
    }

    JsonNode updateKeyManager(String id, ObjectNode keyManager) throws ApimException {
        HttpPut put = authorized(new HttpPut(base + ADMIN_API + "key-managers/" + id));
        put.setEntity(json(keyManager));
        return call("PUT /key-managers/{id}", put, 200);
    }

    private <T extends HttpRequestBase> T authorized(T request) throws ApimException {
        if (accessToken == null) {
            throw new ApimException(request.getMethod() + " " + request.getURI().getPath(), 0, "not logged in");
        }
        request.setHeader("Authorization", "Bearer " + accessToken);
        return request;
    }

    private JsonNode call(String operation, HttpRequestBase request, int... expected) throws ApimException {
        request.setHeader("Accept", "application/json");
        try (CloseableHttpResponse response = http.execute(request)) {
            int status = response.getStatusLine().getStatusCode();
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            for (int e : expected) {
                if (status == e) {
                    try {
                        return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
                    } catch (IOException ex) {
                        throw new ApimException(operation, status, "the reply is not JSON");
                    }
                }
            }
            throw new ApimException(operation, status, reason(body));
        } catch (IOException e) {
            throw new ApimException(operation, 0, e.getClass().getSimpleName() + " reaching " + request.getURI().getHost()
                    + (e instanceof javax.net.ssl.SSLException ? " (trust APIM's certificate: see README \"Set up the key manager\")" : ""));
        }
    }

    /** APIM's error description, bounded and without anything we sent that is secret. */
    private String reason(String body) {
        String r;
        try {
            JsonNode n = JSON.readTree(body);
            r = n == null ? "" : n.path("description").asText(n.path("message").asText(n.path("error_description").asText("")));
        } catch (IOException e) {
            r = "";
        }
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                r = r.replace(s, "***");
            }
        }
        r = r.replaceAll("[\\r\\n\\t]+", " ");
        return r.length() > 300 ? r.substring(0, 300) + "..." : r;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpEntity json(JsonNode node) {
        try {
            return new ByteArrayEntity(JSON.writeValueAsBytes(node), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing to release beyond the connections
        }
    }
}
