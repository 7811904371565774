package dev.apimauth0.auth0.client;

import org.apache.http.HttpEntity;

import java.net.URI;

/** What one call to the tenant is, whether repeating it is safe, and which secrets its errors must not show. */
final class Call {

    final String method;
    final URI uri;
    final String operation;
    final HttpEntity body;
    final boolean repeatable;
    final String[] secrets;
    /** An Authorization header value of its own (client_secret_basic), or null. */
    final String authorization;

    Call(String method, URI uri, String operation, HttpEntity body, boolean repeatable) {
        this(null, method, uri, operation, body, repeatable);
    }

    Call(String authorization, String method, URI uri, String operation, HttpEntity body, boolean repeatable,
         String... secrets) {
        this.method = method;
        this.uri = uri;
        this.operation = operation;
        this.body = body;
        this.repeatable = repeatable;
        this.authorization = authorization;
        this.secrets = secrets;
    }

    /** An argument the caller must give: {@code name is required} otherwise. */
    static void requireArg(String name, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
