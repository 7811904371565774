package dev.apimauth0.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.apimauth0.core.token.GuardSettings;
import dev.apimauth0.core.token.InvalidSettingException;

/**
 * The settings only the handlers read (GuardSettings scope HANDLER): where the credential is, how much of a rejected
 * request's body is drained, and the CORS headers of the global handler's rejections. Immutable; defaults are the
 * ones declared in {@link GuardSettings#KEYS}.
 */
final class HandlerSettings {

    static final String AUTHORIZATION_HEADERS = "authorization_headers";
    static final String DISCARD_BODY_MAX_BYTES = "discard_body_max_bytes";
    static final String CORS_ENABLED = "cors_enabled";
    static final String CORS_ALLOW_ORIGINS = "cors_allow_origins";
    static final String CORS_ALLOW_METHODS = "cors_allow_methods";
    static final String CORS_ALLOW_HEADERS = "cors_allow_headers";
    static final String CORS_ALLOW_CREDENTIALS = "cors_allow_credentials";

    static final long MAX_DISCARD_BODY_BYTES = 1L << 30;

    static final HandlerSettings DEFAULTS = from(Collections.<String, String>emptyMap());

    private final List<String> authorizationHeaders;
    private final long discardBodyMaxBytes;
    private final boolean corsEnabled;
    private final List<String> corsAllowOrigins;
    private final String corsAllowMethods;
    private final String corsAllowHeaders;
    private final boolean corsAllowCredentials;
    private final boolean guardEnabled;
    private final String realm;

    private HandlerSettings(Map<String, String> s) {
        List<String> headers = list(value(s, AUTHORIZATION_HEADERS));
        for (String h : headers) {
            if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new InvalidSettingException(AUTHORIZATION_HEADERS, "each entry must be an HTTP header name", h);
            }
        }
        if (headers.isEmpty()) {
            throw new InvalidSettingException(AUTHORIZATION_HEADERS, "must name at least one header", value(s, AUTHORIZATION_HEADERS));
        }
        this.authorizationHeaders = Collections.unmodifiableList(headers);
        this.discardBodyMaxBytes = whole(DISCARD_BODY_MAX_BYTES, value(s, DISCARD_BODY_MAX_BYTES), MAX_DISCARD_BODY_BYTES);
        this.corsEnabled = bool(CORS_ENABLED, value(s, CORS_ENABLED));
        this.corsAllowOrigins = Collections.unmodifiableList(list(value(s, CORS_ALLOW_ORIGINS)));
        this.corsAllowMethods = String.join(",", list(value(s, CORS_ALLOW_METHODS)));
        this.corsAllowHeaders = String.join(",", list(value(s, CORS_ALLOW_HEADERS)));
        this.corsAllowCredentials = bool(CORS_ALLOW_CREDENTIALS, value(s, CORS_ALLOW_CREDENTIALS));
        this.guardEnabled = !"false".equalsIgnoreCase(String.valueOf(s.get("enabled")).trim());
        this.realm = value(s, "realm").replace("\\", "").replace("\"", "");
    }

    /**
     * Reads the handler keys of the effective settings.
     *
     * @throws InvalidSettingException naming the first invalid key
     */
    static HandlerSettings from(Map<String, String> effective) {
        return new HandlerSettings(effective);
    }

    /** The effective settings without the handler-only keys: what the guard is built (and shared) from. */
    static Map<String, String> guardSettings(Map<String, String> effective) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        for (Map.Entry<String, String> e : effective.entrySet()) {
            GuardSettings.Key key = GuardSettings.key(e.getKey());
            if (key == null || key.scope() != GuardSettings.Scope.HANDLER) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Header names the credential is read from, in order. */
    List<String> authorizationHeaders() {
        return authorizationHeaders;
    }

    long discardBodyMaxBytes() {
        return discardBodyMaxBytes;
    }

    boolean corsEnabled() {
        return corsEnabled;
    }

    String corsAllowMethods() {
        return corsAllowMethods;
    }

    String corsAllowHeaders() {
        return corsAllowHeaders;
    }

    boolean corsAllowCredentials() {
        return corsAllowCredentials;
    }

    /** The realm of WWW-Authenticate (quotes and backslashes dropped). */
    String realm() {
        return realm;
    }

    /** False when the guard is switched off (enabled = false): the handlers then leave every request alone. */
    boolean guardEnabled() {
        return guardEnabled;
    }

    /**
     * The Access-Control-Allow-Origin for a request's Origin, chosen as APIM's CORSRequestHandler.getAllowedOrigins
     * (9.0.174) chooses it: {@code *} when listed, else the origin when listed or matched by a pattern with
     * {@code *}; null when the origin is not allowed.
     */
    String allowedOrigin(String origin) {
        if (corsAllowOrigins.contains("*")) {
            return "*";
        }
        if (origin == null) {
            return null;
        }
        for (String allowed : corsAllowOrigins) {
            if (allowed.equals(origin)) {
                return origin;
            }
        }
        for (String allowed : corsAllowOrigins) {
            if (allowed.indexOf('*') >= 0 && matches(allowed, origin)) {
                return origin;
            }
        }
        return null;
    }

    /** Glob match of a pattern where {@code *} stands for any characters (APIM compiles it to a regex). */
    private static boolean matches(String pattern, String origin) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return java.util.regex.Pattern.compile(regex.toString()).matcher(origin).find();
    }

    private static String value(Map<String, String> s, String key) {
        String v = s.get(key);
        return v != null ? v.trim() : GuardSettings.key(key).defaultValue();
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<String>();
        String v = value.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        for (String part : v.split(",")) {
            String t = part.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).trim();
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static long whole(String key, String v, long max) {
        String reason = "must be a whole number of bytes from 0 to " + max;
        if (v.isEmpty() || v.length() > 12) {
            throw new InvalidSettingException(key, reason, v);
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new InvalidSettingException(key, reason, v);
            }
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw new InvalidSettingException(key, reason, v);
        }
        return n;
    }

    private static boolean bool(String key, String v) {
        String t = v.toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new InvalidSettingException(key, "must be true or false", v);
    }
}
