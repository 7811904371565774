package dev.apimauth0.core.token;

/**
 * The request path as path rules see it. A gateway forwards the path as the client spelled it and the
 * backend decodes it, so every spelling that a backend may serve as the same resource must meet the same
 * rule: the query and fragment go first, then percent-escapes are decoded once, {@code ;params} are cut
 * from each segment (as servlet containers do, so {@code /..;/} is {@code /../}), empty and {@code .}
 * segments dropped and {@code ..} resolved. Spellings whose meaning differs between backends are refused
 * instead (null): an escaped {@code /}, {@code \}, {@code %}, {@code ;}, {@code ?}, {@code #} or control
 * character, a raw {@code \} or control character, and {@code ..} above the root. Matching ignores ASCII
 * case, so a rule also holds on case-insensitive backends.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /** Length of the path without its query or fragment. */
    static int pathEnd(String path) {
        int n = path.length();
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return n;
    }

    /**
     * The normal form of the path (query and fragment removed), the path itself when it is already in
     * normal form (no allocation), or null when its spelling is ambiguous.
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int end = pathEnd(path);
        boolean plain = path.charAt(0) == '/';
        for (int i = 0; i < end && plain; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f
                    || (c == '/' && i + 1 < end && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.'))) {
                plain = false;
            }
        }
        if (plain) {
            return end == path.length() ? path : path.substring(0, end);
        }
        java.util.List<String> segments = new java.util.ArrayList<>();
        boolean directory = false;
        int i = 0;
        while (i <= end) {
            int next = i;
            while (next < end && path.charAt(next) != '/') {
                next++;
            }
            String seg = segment(path, i, next);
            if (seg == null) {
                return null;
            }
            if (seg.isEmpty() || seg.equals(".")) {
                directory = true;
            } else if (seg.equals("..")) {
                if (segments.isEmpty()) {
                    return null; // above the root: backends disagree on what it means
                }
                segments.remove(segments.size() - 1);
                directory = true;
            } else {
                segments.add(seg);
                directory = false;
            }
            i = next + 1;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(end + 1);
        for (String seg : segments) {
            out.append('/').append(seg);
        }
        if (directory) {
            out.append('/');
        }
        return out.toString();
    }

    /** One segment decoded, its params cut; null when ambiguous. */
    private static String segment(String path, int from, int to) {
        StringBuilder sb = null;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c == ';') {
                // servlet containers drop path parameters before mapping: "/admin;x=1" is "/admin"
                return sb == null ? path.substring(from, i) : sb.toString();
            }
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return null;
            }
            if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                char d = (char) ((hi << 4) | lo);
                if (d == '/' || d == '\\' || d == '%' || d == ';' || d == '?' || d == '#' || d < 0x20 || d == 0x7f) {
                    return null;
                }
                if (sb == null) {
                    sb = new StringBuilder(to - from);
                    sb.append(path, from, i);
                }
                sb.append(d);
                i += 2;
                continue;
            }
            if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? path.substring(from, to) : sb.toString();
    }

    /** True when the normalized path starts with the (normal-form) prefix, ignoring ASCII case. */
    static boolean startsWith(String normalizedPath, String prefix) {
        return normalizedPath.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
