package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a request body, the subset of JSON Schema that Auth0's Management API definition uses for the
 * bodies the simulator accepts: types (nullable or not), string lengths, patterns, enums and URL formats, integer
 * ranges, array items, and objects that are closed (unknown members refused) or maps with a member limit.
 * Immutable; built with the static factories and the {@code with*} methods.
 */
final class BodyRule {

    enum Type { STRING, INTEGER, BOOLEAN, ARRAY, OBJECT, ANY }

    private final Type type;
    private final boolean nullable;
    private final Integer minLength;
    private final Integer maxLength;
    private final Pattern pattern;
    private final Set<String> allowed;
    private final String format;
    private final Long minimum;
    private final Long maximum;
    private final BodyRule items;
    private final Integer minItems;
    private final Map<String, BodyRule> properties;
    private final Set<String> required;
    private final Integer maxProperties;
    private final BodyRule values;

    private BodyRule(Type type, boolean nullable, Integer minLength, Integer maxLength, Pattern pattern, Set<String> allowed,
                     String format, Long minimum, Long maximum, BodyRule items, Integer minItems,
                     Map<String, BodyRule> properties, Set<String> required, Integer maxProperties, BodyRule values) {
        this.type = type;
        this.nullable = nullable;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.allowed = allowed;
        this.format = format;
        this.minimum = minimum;
        this.maximum = maximum;
        this.items = items;
        this.minItems = minItems;
        this.properties = properties;
        this.required = required;
        this.maxProperties = maxProperties;
        this.values = values;
    }

    private static BodyRule of(Type type) {
        return new BodyRule(type, false, null, null, null, null, null, null, null, null, null, null, Set.of(), null, null);
    }

    static BodyRule string() {
        return of(Type.STRING);
    }

    static BodyRule integer() {
        return of(Type.INTEGER);
    }

    static BodyRule bool() {
        return of(Type.BOOLEAN);
    }

    /** A value whose shape the simulator does not model: only its JSON type is checked, when given. */
    static BodyRule object() {
        return of(Type.OBJECT);
    }

    static BodyRule any() {
        return of(Type.ANY);
    }

    static BodyRule arrayOf(BodyRule items) {
        return new BodyRule(Type.ARRAY, false, null, null, null, null, null, null, null, items, null, null, Set.of(), null, null);
    }

    /** A closed object: members not listed are refused, as Auth0's {@code additionalProperties: false}. */
    static BodyRule closed(Map<String, BodyRule> properties, String... required) {
        return new BodyRule(Type.OBJECT, false, null, null, null, null, null, null, null, null, null,
                new LinkedHashMap<>(properties), Set.of(required), null, null);
    }

    /** An object with any member names, at most {@code maxProperties} of them, each value held to {@code values}. */
    static BodyRule mapOf(BodyRule values, int maxProperties) {
        return new BodyRule(Type.OBJECT, false, null, null, null, null, null, null, null, null, null, null, Set.of(),
                maxProperties, values);
    }

    BodyRule nullable() {
        return new BodyRule(type, true, minLength, maxLength, pattern, allowed, format, minimum, maximum, items, minItems,
                properties, required, maxProperties, values);
    }

    BodyRule length(Integer min, Integer max) {
        return new BodyRule(type, nullable, min, max, pattern, allowed, format, minimum, maximum, items, minItems,
                properties, required, maxProperties, values);
    }

    BodyRule pattern(String regex) {
        return new BodyRule(type, nullable, minLength, maxLength, Pattern.compile(regex), allowed, format, minimum, maximum,
                items, minItems, properties, required, maxProperties, values);
    }

    BodyRule oneOf(Set<String> values) {
        return new BodyRule(type, nullable, minLength, maxLength, pattern, values, format, minimum, maximum, items, minItems,
                properties, required, maxProperties, this.values);
    }

    /** {@code url} (absolute http(s) URL) or {@code callback-url} (absolute URL, any scheme, wildcards in the host). */
    BodyRule format(String name) {
        return new BodyRule(type, nullable, minLength, maxLength, pattern, allowed, name, minimum, maximum, items, minItems,
                properties, required, maxProperties, values);
    }

    BodyRule range(long min, long max) {
        return new BodyRule(type, nullable, minLength, maxLength, pattern, allowed, format, min, max, items, minItems,
                properties, required, maxProperties, values);
    }

    BodyRule minItems(int min) {
        return new BodyRule(type, nullable, minLength, maxLength, pattern, allowed, format, minimum, maximum, items, min,
                properties, required, maxProperties, values);
    }

    /** The members a closed object accepts (empty for other rules). */
    Set<String> memberNames() {
        return properties == null ? Set.of() : properties.keySet();
    }

    /** The first way the value breaks this rule, or null when it holds. */
    Violation check(JsonNode value, String property) {
        if (value == null || value.isMissingNode()) {
            return null;
        }
        if (value.isNull()) {
            return nullable || type == Type.ANY ? null : new Violation("Expected type " + typeName() + " but found type null", property);
        }
        switch (type) {
            case ANY:
                return null;
            case BOOLEAN:
                return value.isBoolean() ? null : wrongType(value, property);
            case INTEGER: {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    return wrongType(value, property);
                }
                long v = value.asLong();
                if (minimum != null && v < minimum) {
                    return new Violation("Value " + v + " is less than minimum " + minimum, property);
                }
                if (maximum != null && v > maximum) {
                    return new Violation("Value " + v + " is greater than maximum " + maximum, property);
                }
                return null;
            }
            case STRING:
                return value.isTextual() ? checkString(value.asText(), property) : wrongType(value, property);
            case ARRAY: {
                if (!value.isArray()) {
                    return wrongType(value, property);
                }
                if (minItems != null && value.size() < minItems) {
                    return new Violation("Array is too short (" + value.size() + "), minimum " + minItems, property);
                }
                int i = 0;
                for (JsonNode item : value) {
                    Violation bad = items.check(item, property + "[" + i++ + "]");
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
            }
            case OBJECT:
            default:
                return value.isObject() ? checkObject(value, property) : wrongType(value, property);
        }
    }

    private Violation checkString(String s, String property) {
        int chars = s.codePointCount(0, s.length());
        if (minLength != null && chars < minLength) {
            return new Violation("String is too short (" + chars + " chars), minimum " + minLength, property);
        }
        if (maxLength != null && chars > maxLength) {
            return new Violation("String is too long (" + chars + " chars), maximum " + maxLength, property);
        }
        if (allowed != null && !allowed.contains(s)) {
            return new Violation("No enum match for: \"" + s + "\"", property);
        }
        if (pattern != null && !pattern.matcher(s).find()) {
            return new Violation("String does not match pattern " + pattern.pattern(), property);
        }
        if (format != null && !matchesFormat(s)) {
            return new Violation("Object didn't pass validation for format " + format + ": " + s, property);
        }
        return null;
    }

    private boolean matchesFormat(String s) {
        if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ')) {
            return false;
        }
        // a wildcard stands for a subdomain label (Auth0 allows https://*.example.com/callback)
        String candidate = s.replace("*.", "wildcard.");
        try {
            URI uri = new URI(candidate);
            if (!uri.isAbsolute()) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if ("url".equals(format)) {
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            }
            // callback-url: custom schemes (myapp://callback) are allowed, as for native apps
            return !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Violation checkObject(JsonNode value, String property) {
        if (maxProperties != null && value.size() > maxProperties) {
            return new Violation("Too many properties (" + value.size() + "), maximum " + maxProperties, property);
        }
        if (properties != null) {
            for (String r : required) {
                if (!value.has(r)) {
                    return new Violation("Missing required property: " + r, property);
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String member = property.isEmpty() ? e.getKey() : property + "." + e.getKey();
            BodyRule rule = properties == null ? values : properties.get(e.getKey());
            if (rule == null) {
                if (properties == null) {
                    continue;
                }
                return new Violation("Additional properties not allowed: " + e.getKey(), property);
            }
            if (properties == null && e.getKey().length() > 255) {
                return new Violation("String is too long (" + e.getKey().length() + " chars), maximum 255", member + " (its name)");
            }
            Violation bad = rule.check(e.getValue(), member);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private Violation wrongType(JsonNode value, String property) {
        String found = value.getNodeType().name().toLowerCase(Locale.ROOT);
        if (value.isNumber()) {
            found = value.isIntegralNumber() ? "integer" : "number";
        }
        return new Violation("Expected type " + typeName() + " but found type " + found, property);
    }

    private String typeName() {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** A broken rule: the reason and the property it is on (empty for the body itself). */
    record Violation(String reason, String property) {
        /** Auth0's wording: {@code Payload validation error: 'String is too long ...' on property description.} */
        String message() {
            return "Payload validation error: '" + reason + "'" + (property.isEmpty() ? "" : " on property " + property) + ".";
        }
    }
}
