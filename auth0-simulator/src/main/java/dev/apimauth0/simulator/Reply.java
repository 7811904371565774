package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** One reply of the simulated tenant: status, JSON body (null for none) and the headers to set; Auth0's error shapes. */
final class Reply {
    final int status;
    final JsonNode body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A Management API error body: {@code {statusCode, error, message, errorCode}} (errorCode left out when null). */
    static Reply mgmtError(int status, String error, String message, String errorCode) {
        ObjectNode b = SimJwt.JSON.createObjectNode();
        b.put("statusCode", status);
        b.put("error", error);
        b.put("message", message);
        if (errorCode != null) {
            b.put("errorCode", errorCode);
        }
        return new Reply(status, b);
    }

    /** An OAuth error body of /oauth/token: {@code {error, error_description}}. */
    static Reply oauthError(int status, String error, String description) {
        ObjectNode b = SimJwt.JSON.createObjectNode();
        b.put("error", error);
        b.put("error_description", description);
        return new Reply(status, b);
    }

    static Reply notFound() {
        return mgmtError(404, "Not Found", "Not Found", null);
    }

    static Reply invalidBody(String message) {
        return mgmtError(400, "Bad Request", message, "invalid_body");
    }

    static Reply invalidQuery(String message) {
        return mgmtError(400, "Bad Request", message, "invalid_query_string");
    }

    static Reply invalidToken(String message) {
        return mgmtError(401, "Unauthorized", message, null);
    }

    /** A 400 invalid_body naming the first member the rule refuses, or null when the body passes. */
    static Reply validateBody(BodyRule rule, ObjectNode json) {
        BodyRule.Violation v = rule.check(json, "");
        return v == null ? null : invalidBody(v.message());
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
