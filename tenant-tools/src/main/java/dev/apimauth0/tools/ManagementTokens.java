package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the scope claim of a Management API token the operator hands over, to say up front which permissions it
 * lacks. The token is not verified here (Auth0 verifies it on every call); it is never printed.
 */
final class ManagementTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagementTokens() {
    }

    /** The token's scopes, or null when it is not a JWT with a JSON payload. */
    static Set<String> scopes(String token) {
        String[] parts = token.trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims == null || !claims.isObject()) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (String s : claims.path("scope").asText("").trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
