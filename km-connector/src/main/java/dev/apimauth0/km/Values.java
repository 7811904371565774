package dev.apimauth0.km;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.apimauth0.km.Auth0KeyManagerConstants.JSON_ADDITIONAL_PROPERTIES;

/** How APIM hands values over (strings, lists, arrays, JSON text), read one way everywhere in the key manager. */
final class Values {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {
    }

    /** The text of a value, trimmed; null when absent or blank. Lists give their first element. */
    static String text(Object value) {
        return Auth0KeyManagerSettings.text(value);
    }

    static String firstText(Object a, Object b) {
        String s = text(a);
        return s != null ? s : text(b);
    }

    static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    /** Whether a list holds objects or lists (a claim value an Action built), not only plain values. */
    static boolean nests(Collection<?> items) {
        for (Object item : items) {
            if (item instanceof Map || item instanceof Collection) {
                return true;
            }
        }
        return false;
    }

    /** A claim value (JDK maps, lists, strings, numbers, booleans) as JSON text. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    /** Values given as a list, an array, or a string separated by commas or spaces. */
    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            for (Object item : items) {
                out.addAll(list(item));
            }
            return out;
        }
        String s = String.valueOf(value).trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1); // Arrays.toString form, as APIM stores tokenScope
        }
        for (String part : s.split("[,\\s]+")) {
            String p = part.trim();
            if (!p.isEmpty() && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static String join(Collection<String> values, String sep) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(v);
        }
        return sb.toString();
    }

    /** The Developer Portal's application fields: a map, or the JSON text of one (as APIM stores them). */
    static Map<String, Object> additionalProperties(OAuthApplicationInfo info, String keyManagerName)
            throws APIManagementException {
        Object p = info.getParameter(JSON_ADDITIONAL_PROPERTIES);
        if (p == null) {
            return Collections.emptyMap();
        }
        if (p instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) p).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
            return out;
        }
        String text = String.valueOf(p).trim();
        if (text.isEmpty()) {
            return Collections.emptyMap();
        }
        return object(text, JSON_ADDITIONAL_PROPERTIES, keyManagerName);
    }

    /** A JSON object, or a 400 naming what was expected to be one. */
    static Map<String, Object> object(String json, String what, String keyManagerName) throws APIManagementException {
        if (isBlank(json)) {
            throw KeyManagerError.refused(keyManagerName, what + " is empty");
        }
        try {
            Object parsed = JSON.readValue(json, Object.class);
            if (!(parsed instanceof Map)) {
                throw KeyManagerError.refused(keyManagerName, what + " must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            return map;
        } catch (IOException e) {
            throw KeyManagerError.refused(keyManagerName, what + " is not valid JSON");
        }
    }
}
