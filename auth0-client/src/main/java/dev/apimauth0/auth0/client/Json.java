package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JSON helpers shared by the typed models (one mapper, no data binding of Auth0 types). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> strings(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isArray()) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            out.add(item.asText());
        }
        return Collections.unmodifiableList(out);
    }

    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isObject()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(out);
    }

    static ArrayNode array(Collection<String> values) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (String v : values) {
            arr.add(v);
        }
        return arr;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
