package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading request parameters and the JSON values the tenant stores: forms, scope strings, scope lists, patches. */
final class Params {

    private Params() {
    }

    static Map<String, String> parseForm(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = urlDecode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : urlDecode(pair.substring(eq + 1));
            out.put(k, v);
        }
        return out;
    }

    static String urlDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The values of a space-separated scope string. */
    static List<String> splitScopes(String scope) {
        List<String> out = new ArrayList<>();
        for (String s : scope.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The {@code value} members of a resource server's scope objects. */
    static Set<String> scopeValues(JsonNode scopes) {
        Set<String> out = new LinkedHashSet<>();
        if (scopes != null) {
            for (JsonNode s : scopes) {
                out.add(s.path("value").asText());
            }
        }
        return out;
    }

    /** The texts of a JSON array of strings. */
    static Set<String> texts(JsonNode arr) {
        Set<String> out = new LinkedHashSet<>();
        if (arr != null) {
            for (JsonNode s : arr) {
                out.add(s.asText());
            }
        }
        return out;
    }

    static void array(ObjectNode node, String field, String... values) {
        ArrayNode arr = node.putArray(field);
        for (String v : values) {
            arr.add(v);
        }
    }

    /** Applies a PATCH as Auth0 does: a member set to null goes back to unset. */
    static void patch(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
