package dev.apimauth0.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.apimauth0.core.config.GatewaySetting;
import dev.apimauth0.core.config.InvalidSettingException;

/**
 * The settings only the handlers read (scope HANDLER of {@link GatewaySetting}): where the credential is, how much of
 * a rejected request's body is drained, and the CORS headers of the global handler's rejections. Immutable; defaults,
 * ranges and the parsing of numbers, flags and lists are the table's.
 */
final class HandlerSettings {

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
    private final int claimProperties;

    private HandlerSettings(Map<String, String> s) {
        List<String> headers = GatewaySetting.list(value(s, GatewaySetting.AUTHORIZATION_HEADERS));
        for (String h : headers) {
            if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new InvalidSettingException(GatewaySetting.AUTHORIZATION_HEADERS.name(),
                        "each entry must be an HTTP header name", h);
            }
        }
        if (headers.isEmpty()) {
            throw new InvalidSettingException(GatewaySetting.AUTHORIZATION_HEADERS.name(), "must name at least one header",
                    value(s, GatewaySetting.AUTHORIZATION_HEADERS));
        }
        this.authorizationHeaders = Collections.unmodifiableList(headers);
        this.discardBodyMaxBytes = whole(s, GatewaySetting.DISCARD_BODY_MAX_BYTES);
        this.corsEnabled = bool(s, GatewaySetting.CORS_ENABLED);
        this.corsAllowOrigins = Collections.unmodifiableList(GatewaySetting.list(value(s, GatewaySetting.CORS_ALLOW_ORIGINS)));
        this.corsAllowMethods = String.join(",", GatewaySetting.list(value(s, GatewaySetting.CORS_ALLOW_METHODS)));
        this.corsAllowHeaders = String.join(",", GatewaySetting.list(value(s, GatewaySetting.CORS_ALLOW_HEADERS)));
        this.corsAllowCredentials = bool(s, GatewaySetting.CORS_ALLOW_CREDENTIALS);
        this.guardEnabled = !"false".equalsIgnoreCase(String.valueOf(s.get(GatewaySetting.ENABLED.name())).trim());
        this.realm = value(s, GatewaySetting.REALM).replace("\\", "").replace("\"", "");
        this.claimProperties = claimProperties(value(s, GatewaySetting.CLAIM_PROPERTIES));
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
            GatewaySetting key = GatewaySetting.named(e.getKey());
            if (key == null || key.scope() != GatewaySetting.Scope.HANDLER) {
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

    /** The claim properties an accepted token sets, as bits over {@link ClaimProperties#NAMES}. */
    int claimProperties() {
        return claimProperties;
    }

    private static int claimProperties(String value) {
        List<String> names = GatewaySetting.list(value);
        if (names.size() == 1 && "none".equals(names.get(0))) {
            return 0;
        }
        if (names.isEmpty()) {
            throw new InvalidSettingException(GatewaySetting.CLAIM_PROPERTIES.name(),
                    "lists claim properties (" + String.join(",", ClaimProperties.NAMES) + ") or is none", value);
        }
        int bits = 0;
        for (String n : names) {
            int i = ClaimProperties.NAMES.indexOf(n);
            if (i < 0) {
                throw new InvalidSettingException(GatewaySetting.CLAIM_PROPERTIES.name(),
                        "each entry is one of " + String.join(",", ClaimProperties.NAMES) + " (or the whole value none)", n);
            }
            bits |= 1 << i;
        }
        return bits;
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

    private static String value(Map<String, String> s, GatewaySetting setting) {
        String v = s.get(setting.name());
        return v != null ? v.trim() : setting.defaultValue();
    }

    private static long whole(Map<String, String> s, GatewaySetting setting) {
        return setting.whole(setting.name(), value(s, setting));
    }

    private static boolean bool(Map<String, String> s, GatewaySetting setting) {
        return setting.bool(setting.name(), value(s, setting));
    }
}
