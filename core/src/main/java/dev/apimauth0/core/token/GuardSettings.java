package dev.apimauth0.core.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link TokenGuardConfig} from the gateway's string settings: the snake_case keys of
 * deployment.toml's {@code [apim_auth0.gateway]} section, as rendered into
 * {@code apim-auth0-gateway.properties}, possibly overridden by handler properties (camelCase, see
 * {@link #keyForProperty(String)}). Every invalid value, and every unknown key (a typo must not
 * silently weaken a check), throws {@link InvalidSettingException} naming the key.
 */
public final class GuardSettings {

    /** Where a key applies. */
    public enum Scope {
        /** The guard as a whole. */
        GUARD,
        /** A provider: top level for the default provider {@value Defaults#DEFAULT_PROVIDER_NAME}, {@code provider.<name>.<key>} for more. */
        PROVIDER,
        /** Read by the Synapse handlers only. */
        HANDLER
    }

    /** One documented setting. */
    public static final class Key {
        private final String name;
        private final Scope scope;
        private final String defaultValue;
        private final String meaning;

        Key(String name, Scope scope, String defaultValue, String meaning) {
            this.name = name;
            this.scope = scope;
            this.defaultValue = defaultValue;
            this.meaning = meaning;
        }

        /** The snake_case key, e.g. {@code clock_leeway_seconds}. */
        public String name() { return name; }
        public Scope scope() { return scope; }
        /** The default as an operator would write it; {@code (required)} when there is none. */
        public String defaultValue() { return defaultValue; }
        /** One sentence on what the key does. */
        public String meaning() { return meaning; }
        /** The handler property (camelCase) for this key. */
        public String propertyName() { return propertyForKey(name); }

        @Override
        public String toString() {
            return name + " (" + defaultValue + "): " + meaning;
        }
    }

    public static final String PROVIDERS = "providers";
    public static final String PROVIDER_PREFIX = "provider.";

    /** Every key, its default and its meaning; the README's settings table lists exactly these. */
    public static final List<Key> KEYS = Collections.unmodifiableList(Arrays.asList(
            new Key("enabled", Scope.GUARD, String.valueOf(Defaults.ENABLED),
                    "When false the gateway handlers pass every request through untouched (no provider keys needed)."),
            new Key("realm", Scope.GUARD, Defaults.REALM,
                    "The realm of the WWW-Authenticate header of rejections."),
            new Key("clock_leeway_seconds", Scope.GUARD, String.valueOf(Defaults.CLOCK_LEEWAY_SECONDS),
                    "Clock skew tolerated on exp, nbf and iat, 0 to 300: enough for a gateway node whose clock "
                    + "drifted (Auth0's Node validator allows 5, Envoy 60) while an expired token lives at most this much longer."),
            new Key("max_token_bytes", Scope.GUARD, String.valueOf(Defaults.MAX_TOKEN_BYTES),
                    "Longer tokens are rejected (token_too_large) before anything is decoded; 256 to 65536."),
            new Key("verified_cache_size", Scope.GUARD, String.valueOf(Defaults.VERIFIED_CACHE_SIZE),
                    "Verified tokens remembered until they expire, so a repeated token costs no signature check; 0 turns the cache off."),
            new Key("auth0_only_paths", Scope.GUARD, "(none)",
                    "Comma-separated path prefixes where every request needs a valid token of a configured provider; "
                    + "elsewhere tokens of other issuers pass through to APIM's own checks."),
            new Key("required_scopes", Scope.GUARD, "(none)",
                    "Comma-separated rules path_prefix=scope1 scope2: requests under the prefix need all the scopes "
                    + "(scope claim or permissions), else 403 insufficient_scope; the longest matching prefix wins."),
            new Key(PROVIDERS, Scope.GUARD, "(none)",
                    "Comma-separated names of providers besides the top-level one, each set with provider.<name>.<key>."),
            new Key("issuers", Scope.PROVIDER, "(required)",
                    "Comma-separated iss values of the tenant, compared exactly (Auth0's end with '/'; list custom domains too)."),
            new Key("audiences", Scope.PROVIDER, "(required)",
                    "Comma-separated API identifiers; a token must carry at least one of them in aud."),
            new Key("jwks_uri", Scope.PROVIDER, "<first issuer>.well-known/jwks.json",
                    "The tenant's JWKS; https only (plain http only on loopback)."),
            new Key("algorithms", Scope.PROVIDER, Defaults.ALGORITHM,
                    "Comma-separated signing algorithms accepted: RS256, RS384, RS512, ES256, ES384, ES512; none and HS* are refused."),
            new Key("allowed_azp", Scope.PROVIDER, "(any)",
                    "Comma-separated client ids allowed in azp; empty accepts any client."),
            new Key("jwks_cooldown_seconds", Scope.PROVIDER, String.valueOf(Defaults.JWKS_COOLDOWN_MILLIS / 1000),
                    "At most one JWKS fetch per this many seconds for unknown kids and retries; 1 to 3600."),
            new Key("jwks_max_age_seconds", Scope.PROVIDER, String.valueOf(Defaults.JWKS_MAX_AGE_MILLIS / 1000),
                    "Cached keys are refreshed in the background after this many seconds (key rotation without restart); "
                    + "if the refresh fails they stay in use. 1 to 86400."),
            new Key("jwks_connect_timeout_ms", Scope.PROVIDER, String.valueOf(Defaults.JWKS_CONNECT_TIMEOUT_MILLIS),
                    "Connect timeout of a JWKS fetch in milliseconds; 1 to 60000."),
            new Key("jwks_read_timeout_ms", Scope.PROVIDER, String.valueOf(Defaults.JWKS_READ_TIMEOUT_MILLIS),
                    "Read timeout of a JWKS fetch in milliseconds; 1 to 60000."),
            new Key("unknown_kid_memory", Scope.PROVIDER, String.valueOf(Defaults.UNKNOWN_KID_MEMORY),
                    "How many kids found missing after a fetch are remembered, so repeating them costs no fetch; 0 to 1000000."),
            new Key("config_file", Scope.HANDLER, Defaults.CONFIG_FILE,
                    "Handler property only: the properties file the handlers read these settings from."),
            new Key("authorization_headers", Scope.HANDLER, "Authorization",
                    "Comma-separated request headers the credential is read from, as APIM's gateway reads "
                    + "[apim.oauth_config] auth_header (default Authorization); list every API's custom header for the global handler."),
            new Key("discard_body_max_bytes", Scope.HANDLER, "1048576",
                    "Before a rejection is answered, up to this many bytes of the request body are read and dropped, "
                    + "so the answer is sent at once and the connection stays usable; a longer body is cut off and the "
                    + "connection closed after the answer; 0 to 1073741824."),
            new Key("cors_enabled", Scope.HANDLER, "true",
                    "Global handler: add CORS headers to rejections, as APIM's [apim.cors] enable does for its own failures."),
            new Key("cors_allow_origins", Scope.HANDLER, "*",
                    "Global handler: comma-separated origins for Access-Control-Allow-Origin (* or patterns with *), as [apim.cors] allow_origins."),
            new Key("cors_allow_methods", Scope.HANDLER, "GET,PUT,POST,DELETE,PATCH,OPTIONS",
                    "Global handler: Access-Control-Allow-Methods of rejections, as [apim.cors] allow_methods."),
            new Key("cors_allow_headers", Scope.HANDLER,
                    "authorization,Access-Control-Allow-Origin,Content-Type,SOAPAction,apikey,Internal-Key",
                    "Global handler: Access-Control-Allow-Headers of rejections, as [apim.cors] allow_headers."),
            new Key("cors_allow_credentials", Scope.HANDLER, "false",
                    "Global handler: send Access-Control-Allow-Credentials: true (never with the origin *), as [apim.cors] allow_credentials.")));

    private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();

    static {
        for (Key k : KEYS) {
            BY_NAME.put(k.name(), k);
        }
    }

    private GuardSettings() {
    }

    /** The documented key, or null. */
    public static Key key(String name) {
        return BY_NAME.get(name);
    }

    /** Builds the configuration; throws {@link InvalidSettingException} naming the first bad key. */
    public static TokenGuardConfig load(Map<String, String> settings) {
        return builder(settings).build();
    }

    /** Like {@link #load(Map)} but returns the builder, for callers that add a clock or switch prefetching. */
    public static TokenGuardConfig.Builder builder(Map<String, String> settings) {
        Map<String, String> s = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            s.put(e.getKey().trim(), e.getValue() == null ? "" : e.getValue().trim());
        }
        Set<String> providerNames = new LinkedHashSet<>();
        if (s.containsKey(PROVIDERS)) {
            for (String name : list(s.get(PROVIDERS))) {
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new InvalidSettingException(PROVIDERS, "a provider name is 1 to 64 letters, digits, '_' or '-'", name);
                }
                if (!providerNames.add(name)) {
                    throw new InvalidSettingException(PROVIDERS, "names must be unique", name);
                }
            }
        }
        // every key must be known: top-level, or provider.<listed name>.<provider key>
        boolean topLevelProvider = false;
        for (Map.Entry<String, String> e : s.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(PROVIDER_PREFIX)) {
                String rest = k.substring(PROVIDER_PREFIX.length());
                int dot = rest.indexOf('.');
                String name = dot < 0 ? rest : rest.substring(0, dot);
                String sub = dot < 0 ? "" : rest.substring(dot + 1);
                Key known = BY_NAME.get(sub);
                if (known == null || known.scope() != Scope.PROVIDER) {
                    throw unknown(k, e.getValue(), "provider." + name + ".");
                }
                if (!providerNames.contains(name)) {
                    throw new InvalidSettingException(k, "provider \"" + name + "\" is not listed in " + PROVIDERS, e.getValue());
                }
                continue;
            }
            Key known = BY_NAME.get(k);
            if (known == null) {
                throw unknown(k, e.getValue(), "");
            }
            if (known.scope() == Scope.PROVIDER) {
                topLevelProvider = true;
            }
        }
        if (topLevelProvider && providerNames.contains(Defaults.DEFAULT_PROVIDER_NAME)) {
            throw new InvalidSettingException(PROVIDERS, "\"" + Defaults.DEFAULT_PROVIDER_NAME
                    + "\" is the provider of the top-level keys; give the extra provider another name", Defaults.DEFAULT_PROVIDER_NAME);
        }

        TokenGuardConfig.Builder b = TokenGuardConfig.builder();
        if (s.containsKey("enabled")) {
            b.enabled(bool("enabled", s.get("enabled")));
        }
        if (s.containsKey("realm")) {
            b.realm(s.get("realm"));
        }
        if (s.containsKey("clock_leeway_seconds")) {
            b.clockLeewaySeconds(whole("clock_leeway_seconds", s.get("clock_leeway_seconds"), 0,
                    Defaults.MAX_CLOCK_LEEWAY_SECONDS, "must be a whole number of seconds from 0 to " + Defaults.MAX_CLOCK_LEEWAY_SECONDS));
        }
        if (s.containsKey("max_token_bytes")) {
            b.maxTokenBytes((int) whole("max_token_bytes", s.get("max_token_bytes"), Defaults.MIN_MAX_TOKEN_BYTES,
                    Defaults.MAX_MAX_TOKEN_BYTES, "must be a whole number of bytes from " + Defaults.MIN_MAX_TOKEN_BYTES
                            + " to " + Defaults.MAX_MAX_TOKEN_BYTES));
        }
        if (s.containsKey("verified_cache_size")) {
            b.verifiedCacheSize((int) whole("verified_cache_size", s.get("verified_cache_size"), 0,
                    Defaults.MAX_VERIFIED_CACHE_SIZE, "must be a whole number of entries from 0 (off) to " + Defaults.MAX_VERIFIED_CACHE_SIZE));
        }
        if (s.containsKey("auth0_only_paths")) {
            b.auth0OnlyPaths(list(s.get("auth0_only_paths")));
        }
        if (s.containsKey("required_scopes")) {
            for (String rule : list(s.get("required_scopes"))) {
                int eq = rule.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidSettingException("required_scopes", "each rule is path_prefix=scope1 scope2", rule);
                }
                Set<String> scopes = new LinkedHashSet<>();
                for (String scope : rule.substring(eq + 1).trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
                b.requiredScopes(rule.substring(0, eq).trim(), scopes);
            }
        }
        if (topLevelProvider) {
            b.provider(provider(Defaults.DEFAULT_PROVIDER_NAME, "", s));
        }
        for (String name : providerNames) {
            b.provider(provider(name, PROVIDER_PREFIX + name + ".", s));
        }
        return b;
    }

    /** Reads settings from properties (the rendered apim-auth0-gateway.properties). */
    public static TokenGuardConfig load(Properties properties) {
        return load(toMap(properties));
    }

    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            m.put(name, properties.getProperty(name));
        }
        return m;
    }

    private static ProviderConfig provider(String name, String prefix, Map<String, String> s) {
        ProviderConfig.Builder p = ProviderConfig.builder(name).settingPrefix(prefix);
        p.issuers(list(s.get(prefix + "issuers")));
        p.audiences(list(s.get(prefix + "audiences")));
        String jwks = s.get(prefix + "jwks_uri");
        if (jwks != null && !jwks.isEmpty()) {
            try {
                p.jwksUri(new URI(jwks));
            } catch (URISyntaxException e) {
                throw new InvalidSettingException(prefix + "jwks_uri", "must be an absolute https URL", jwks);
            }
        }
        p.algorithms(list(s.get(prefix + "algorithms")));
        p.allowedAuthorizedParties(list(s.get(prefix + "allowed_azp")));
        String v;
        if ((v = s.get(prefix + "jwks_cooldown_seconds")) != null) {
            p.jwksCooldownMillis(1000 * whole(prefix + "jwks_cooldown_seconds", v, 1, 3600, "must be a whole number of seconds from 1 to 3600"));
        }
        if ((v = s.get(prefix + "jwks_max_age_seconds")) != null) {
            p.jwksMaxAgeMillis(1000 * whole(prefix + "jwks_max_age_seconds", v, 1, 86400, "must be a whole number of seconds from 1 to 86400"));
        }
        if ((v = s.get(prefix + "jwks_connect_timeout_ms")) != null) {
            p.jwksConnectTimeoutMillis((int) whole(prefix + "jwks_connect_timeout_ms", v, 1, 60000,
                    "must be a whole number of milliseconds from 1 to 60000"));
        }
        if ((v = s.get(prefix + "jwks_read_timeout_ms")) != null) {
            p.jwksReadTimeoutMillis((int) whole(prefix + "jwks_read_timeout_ms", v, 1, 60000,
                    "must be a whole number of milliseconds from 1 to 60000"));
        }
        if ((v = s.get(prefix + "unknown_kid_memory")) != null) {
            p.unknownKidMemory((int) whole(prefix + "unknown_kid_memory", v, 0, 1000000,
                    "must be a whole number of entries from 0 to 1000000"));
        }
        return p.build();
    }

    /** Comma-separated values; a TOML-style array ["a", "b"] is read as well. Empty entries are dropped. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        String v = value.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        for (String part : v.split(",")) {
            String t = part.trim();
            if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
                t = t.substring(1, t.length() - 1).trim();
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static long whole(String key, String value, long min, long max, String reason) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.length() > 12) {
            throw new InvalidSettingException(key, reason, value);
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new InvalidSettingException(key, reason, value);
            }
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new InvalidSettingException(key, reason, value);
        }
        return n;
    }

    private static boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new InvalidSettingException(key, "must be true or false", value);
    }

    private static InvalidSettingException unknown(String key, String value, String prefix) {
        String tail = prefix.isEmpty() ? key : key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        String best = null;
        int bestDistance = 3;
        for (Key k : KEYS) {
            if (!prefix.isEmpty() && k.scope() != Scope.PROVIDER) {
                continue;
            }
            int d = distance(tail, k.name());
            if (d < bestDistance) {
                bestDistance = d;
                best = k.name();
            }
        }
        return new InvalidSettingException(key, "is not a known setting"
                + (best != null ? " (did you mean " + prefix + best + "?)" : "; see the settings table in the README"), value);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The snake_case key for a handler property: {@code clockLeewaySeconds -> clock_leeway_seconds},
     * {@code jwksConnectTimeoutMs -> jwks_connect_timeout_ms}, {@code auth0OnlyPaths -> auth0_only_paths}.
     * Keys that are already snake_case (or dotted provider keys) come back unchanged.
     */
    public static String keyForProperty(String property) {
        if (property == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(property.length() + 8);
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            if (Character.isUpperCase(c)) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && sb.charAt(sb.length() - 1) != '.') {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The handler property (camelCase) for a snake_case key: {@code clock_leeway_seconds -> clockLeewaySeconds}. */
    public static String propertyForKey(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        boolean upper = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /**
     * Settings from the file overridden by handler properties (camelCase or snake_case names);
     * the handler-only key config_file is kept so it is validated like the rest.
     */
    public static Map<String, String> merge(Map<String, String> fromFile, Map<String, String> handlerProperties) {
        Map<String, String> out = new LinkedHashMap<>(fromFile);
        for (Map.Entry<String, String> e : handlerProperties.entrySet()) {
            out.put(keyForProperty(e.getKey()), e.getValue());
        }
        return out;
    }
}
