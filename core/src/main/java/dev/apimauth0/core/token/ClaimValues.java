package dev.apimauth0.core.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a verified token as JDK values, the way APIM's nimbus reading hands them on (to its JWT generator,
 * for one): strings, numbers (Long; BigInteger beyond the long range; Double with a fraction or an exponent),
 * booleans, and nested arrays and objects as unmodifiable lists and maps, nulls inside them kept; top-level nulls
 * are left out. Only bytes that passed the guard's strict scan get here, so nesting is bounded by
 * {@link FlatJson#MAX_DEPTH} and the recursion with it.
 */
final class ClaimValues {

    /** What {@link #value} answers for malformed input (null is a JSON value). */
    private static final Object INVALID = new Object();

    private ClaimValues() {
    }

    /** The top-level members of the object in {@code buf[start, limit)}; null if malformed. */
    static Map<String, Object> of(byte[] buf, int start, int limit) {
        FlatJson j = new FlatJson();
        j.reset(buf, start, limit);
        if (!j.beginObject()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean first = true;
        while (true) {
            int k = j.nextKey(first);
            first = false;
            if (k == 0) {
                return out;
            }
            String key = k < 0 ? null : j.strValue();
            if (key == null) {
                return null;
            }
            if (j.peek() == 'n') {
                if (!j.skipValue()) {
                    return null;
                }
                continue;
            }
            Object v = value(j, 0);
            if (v == INVALID) {
                return null;
            }
            out.put(key, v);
        }
    }

    private static Object value(FlatJson j, int depth) {
        int c = j.next();
        if (c == '"') {
            String v = j.string() ? j.strValue() : null;
            return v == null ? INVALID : v;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int p = j.position();
            if (!j.number()) {
                return INVALID;
            }
            String text = new String(j.buffer(), p, j.position() - p, StandardCharsets.US_ASCII);
            if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                return Double.valueOf(text);
            }
            return j.number != Long.MAX_VALUE && j.number != Long.MIN_VALUE
                    ? (Object) Long.valueOf(j.number) : (Object) new BigInteger(text);
        }
        if (c == 't' || c == 'f') {
            return j.skipValue() ? Boolean.valueOf(c == 't') : INVALID;
        }
        if (c == 'n') {
            return j.skipValue() ? null : INVALID;
        }
        if (depth >= FlatJson.MAX_DEPTH || (c != '[' && c != '{')) {
            return INVALID;
        }
        return c == '{' ? object(j, depth) : array(j, depth);
    }

    private static Object object(FlatJson j, int depth) {
        j.accept('{');
        Map<String, Object> members = new LinkedHashMap<>();
        if (j.accept('}')) {
            return Collections.unmodifiableMap(members);
        }
        do {
            String key = j.next() == '"' && j.string() ? j.strValue() : null;
            if (key == null || !j.accept(':')) {
                return INVALID;
            }
            Object v = value(j, depth + 1);
            if (v == INVALID) {
                return INVALID;
            }
            members.put(key, v);
        } while (j.accept(','));
        return j.accept('}') ? Collections.unmodifiableMap(members) : INVALID;
    }

    private static Object array(FlatJson j, int depth) {
        j.accept('[');
        List<Object> items = new ArrayList<>();
        if (j.accept(']')) {
            return Collections.unmodifiableList(items);
        }
        do {
            Object v = value(j, depth + 1);
            if (v == INVALID) {
                return INVALID;
            }
            items.add(v);
        } while (j.accept(','));
        return j.accept(']') ? Collections.unmodifiableList(items) : INVALID;
    }
}
