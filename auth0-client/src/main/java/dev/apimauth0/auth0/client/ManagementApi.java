package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.HttpEntity;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLEncoder;

/** Calls to the tenant's Management API v2: its URLs, JSON bodies and the Management API token on each call. */
final class ManagementApi {

    private final Auth0ClientConfig config;
    private final Transport transport;
    private final ManagementToken token;

    ManagementApi(Auth0ClientConfig config, Transport transport, ManagementToken token) {
        this.config = config;
        this.transport = transport;
        this.token = token;
    }

    /**
     * A call to {@code path} below the Management API URL.
     *
     * @param body the JSON body, or null
     * @param repeatable whether a repeat after the request may have reached Auth0 is safe
     */
    Call call(String method, String path, String operation, ObjectNode body, boolean repeatable) {
        return new Call(method, URI.create(config.managementApiUrl().toString() + path), operation,
                body == null ? null : json(body), repeatable);
    }

    /** The JSON reply, null when empty. */
    JsonNode execute(Call call) throws Auth0Exception {
        return transport.execute(call, token);
    }

    <T> T execute(Call call, Transport.Parser<T> parser) throws Auth0Exception {
        return Transport.parse(call, execute(call), parser);
    }

    /** A path segment or query value, URL-encoded (a space as %20). */
    static String enc(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8").replace("+", "%20");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpEntity json(ObjectNode node) {
        try {
            return new ByteArrayEntity(Json.MAPPER.writeValueAsBytes(node), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }
}
