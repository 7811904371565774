package dev.apimauth0.core.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON scanner for the flat objects of a JWT header and claims. It walks the
 * top-level members of one object, hands out string values as byte ranges (no allocation unless
 * asked for a String), reads numbers as longs and skips nested values without recursion.
 * Every method returns false (or a negative value) on malformed input; none throws.
 */
final class FlatJson {

    /** Nesting deeper than this inside a skipped value is refused (bounded work, no stack). */
    static final int MAX_DEPTH = 32;

    private byte[] b;
    private int pos;
    private int end;

    // the last string read
    int strStart;
    int strEnd;
    boolean strEscaped;

    // the last number read (floor of the value, clamped to the long range)
    long number;
    /** Whether the last number read was a plain integer literal (no fraction or exponent) within the long range. */
    boolean integral;

    void reset(byte[] buf, int start, int limit) {
        this.b = buf;
        this.pos = start;
        this.end = limit;
    }

    byte[] buffer() {
        return b;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = p;
    }

    private void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    /** Expects '{' and positions before the first member. */
    boolean beginObject() {
        ws();
        if (pos >= end || b[pos] != '{') {
            return false;
        }
        pos++;
        return true;
    }

    /**
     * Moves to the next member key: 1 when a key was read (its range is in str*) and the cursor
     * stands at its value, 0 at the end of the object (only whitespace may follow), -1 on error.
     */
    int nextKey(boolean first) {
        ws();
        if (pos >= end) {
            return -1;
        }
        byte c = b[pos];
        if (c == '}') {
            pos++;
            ws();
            return pos == end ? 0 : -1;
        }
        if (!first) {
            if (c != ',') {
                return -1;
            }
            pos++;
            ws();
        }
        if (pos >= end || b[pos] != '"' || !string()) {
            return -1;
        }
        ws();
        if (pos >= end || b[pos] != ':') {
            return -1;
        }
        pos++;
        ws();
        return pos < end ? 1 : -1;
    }

    /** The byte at the cursor (the first byte of a value after {@link #nextKey}). */
    int peek() {
        return pos < end ? b[pos] : -1;
    }

    /** Reads a string at the cursor into str*; false if malformed. */
    boolean string() {
        if (pos >= end || b[pos] != '"') {
            return false;
        }
        int i = pos + 1;
        boolean escaped = false;
        final byte[] buf = b;
        final int limit = end;
        while (i < limit) {
            byte c = buf[i];
            if (c > '\\' || (c > '"' && c < '\\')) {
                i++; // the common case: nothing special
                continue;
            }
            if (c == '"') {
                strStart = pos + 1;
                strEnd = i;
                strEscaped = escaped;
                pos = i + 1;
                return true;
            }
            if (c == '\\') {
                // only JSON's own escapes: lenient parsers drop unknown ones ("\\qiss" reads as iss to json-smart),
                // so a string this scanner cannot read exactly is refused, never skipped
                int e = i + 1 < limit ? buf[i + 1] : -1;
                if (e == 'u') {
                    if (i + 6 > limit || hex(buf[i + 2]) < 0 || hex(buf[i + 3]) < 0 || hex(buf[i + 4]) < 0
                            || hex(buf[i + 5]) < 0) {
                        return false;
                    }
                    i += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    i += 2;
                } else {
                    return false;
                }
                escaped = true;
                continue;
            }
            if (c >= 0 && c < 0x20) {
                return false;
            }
            i++;
        }
        return false;
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Length of the last string's raw bytes, and its byte at offset i (callers check the length). */
    int strRawLength() {
        return strEnd - strStart;
    }

    byte strRawByte(int i) {
        return b[strStart + i];
    }

    /** True when the last string read equals the ASCII name (escapes decoded). */
    boolean strEquals(byte[] ascii) {
        if (!strEscaped) {
            int n = strEnd - strStart;
            if (n != ascii.length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[strStart + i] != ascii[i]) {
                    return false;
                }
            }
            return true;
        }
        String s = strValue();
        return s != null && s.equals(new String(ascii, StandardCharsets.US_ASCII));
    }

    /** The last string read, escapes decoded; null if an escape is malformed. */
    String strValue() {
        return decode(b, strStart, strEnd, strEscaped);
    }

    static String decode(byte[] b, int start, int end, boolean escaped) {
        if (!escaped) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(end - start);
        int i = start;
        int runStart = i;
        while (i < end) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            if (i + 1 >= end) {
                return null;
            }
            byte e = b[i + 1];
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (i + 6 > end) {
                        return null;
                    }
                    int v = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int d = Character.digit(b[k], 16);
                        if (d < 0) {
                            return null;
                        }
                        v = (v << 4) | d;
                    }
                    sb.append((char) v);
                    i += 4;
                    break;
                default:
                    return null;
            }
            i += 2;
            runStart = i;
        }
        sb.append(new String(b, runStart, end - runStart, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /**
     * Reads a number at the cursor into {@link #number} (floor, clamped); false if it is not a
     * JSON number.
     */
    boolean number() {
        int i = pos;
        boolean neg = false;
        if (i < end && b[i] == '-') {
            neg = true;
            i++;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                overflow = true;
            } else {
                v = v * 10 + (b[i] - '0');
            }
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || (digits > 1 && b[digitsStart] == '0')) {
            return false;
        }
        boolean fractional = false;
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            fractional = true;
            if (b[i] == '.') {
                i++;
                int f = i;
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i == f) {
                    return false;
                }
            }
            if (i < end && (b[i] == 'e' || b[i] == 'E')) {
                i++;
                if (i < end && (b[i] == '+' || b[i] == '-')) {
                    i++;
                }
                int f = i;
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i == f) {
                    return false;
                }
            }
        }
        integral = !fractional && !overflow;
        if (fractional || overflow) {
            double d = Double.parseDouble(new String(b, pos, i - pos, StandardCharsets.US_ASCII));
            number = d >= 9.2e18 ? Long.MAX_VALUE : d <= -9.2e18 ? Long.MIN_VALUE : (long) Math.floor(d);
        } else {
            number = neg ? -v : v;
        }
        pos = i;
        return true;
    }

    /** Skips any value at the cursor (nested objects and arrays included, bounded depth). */
    boolean skipValue() {
        ws();
        if (pos >= end) {
            return false;
        }
        byte c = b[pos];
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        if (c == 'n') {
            return literal("null");
        }
        if (c != '{' && c != '[') {
            return false;
        }
        // containers: a strict walk with an explicit stack of open brackets
        byte[] stack = new byte[MAX_DEPTH];
        int depth = 0;
        stack[depth++] = c;
        pos++;
        boolean expectValue = true; // after '[' or ',' in an array; after ':' in an object
        boolean expectKey = c == '{';
        boolean afterOpen = true;
        while (depth > 0) {
            ws();
            if (pos >= end) {
                return false;
            }
            c = b[pos];
            byte top = stack[depth - 1];
            if (afterOpen && ((top == '{' && c == '}') || (top == '[' && c == ']'))) {
                pos++;
                depth--;
                afterOpen = false;
                expectValue = false;
                expectKey = false;
                continue;
            }
            afterOpen = false;
            if (expectKey) {
                if (c != '"' || !string()) {
                    return false;
                }
                ws();
                if (pos >= end || b[pos] != ':') {
                    return false;
                }
                pos++;
                expectKey = false;
                expectValue = true;
                continue;
            }
            if (expectValue) {
                if (c == '{' || c == '[') {
                    if (depth == MAX_DEPTH) {
                        return false;
                    }
                    stack[depth++] = c;
                    pos++;
                    afterOpen = true;
                    expectKey = c == '{';
                    expectValue = c == '[';
                    continue;
                }
                if (!skipScalar()) {
                    return false;
                }
                expectValue = false;
                continue;
            }
            // after a value: ',' or the closing bracket
            if (c == ',') {
                pos++;
                if (top == '{') {
                    expectKey = true;
                } else {
                    expectValue = true;
                }
                continue;
            }
            if ((top == '{' && c == '}') || (top == '[' && c == ']')) {
                pos++;
                depth--;
                continue;
            }
            return false;
        }
        return true;
    }

    private boolean skipScalar() {
        byte c = b[pos];
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        if (c == 'n') {
            return literal("null");
        }
        return false;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /**
     * Reads an array of strings at the cursor, calling the sink for each string (other element
     * types are skipped). False if malformed.
     */
    boolean stringArray(List<String> sink) {
        if (pos >= end || b[pos] != '[') {
            return false;
        }
        pos++;
        ws();
        if (pos < end && b[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            ws();
            if (pos >= end) {
                return false;
            }
            if (b[pos] == '"') {
                if (!string()) {
                    return false;
                }
                String s = strValue();
                if (s == null) {
                    return false;
                }
                if (sink != null) {
                    sink.add(s);
                }
            } else if (!skipValue()) {
                return false;
            }
            ws();
            if (pos >= end) {
                return false;
            }
            if (b[pos] == ',') {
                pos++;
                continue;
            }
            if (b[pos] == ']') {
                pos++;
                return true;
            }
            return false;
        }
    }

    /** The next byte after whitespace, not consumed; -1 at the end. */
    int next() {
        ws();
        return pos < end ? b[pos] : -1;
    }

    /** Consumes {@code c} after whitespace; false, with only the whitespace consumed, if another byte is next. */
    boolean accept(char c) {
        ws();
        if (pos < end && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }
}
