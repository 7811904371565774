package dev.apimauth0.core.config;

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
import java.util.Set;

/**
 * The table of gateway settings: every key of deployment.toml's {@code [apim_auth0.gateway]} section (rendered into
 * {@code apim-auth0-gateway.properties}), declared once with its name, scope, range, default and meaning, and for
 * guard and provider keys where its value goes in the configuration builders. {@link GuardSettings} parses and
 * validates with it, the builders take their defaults and ranges from it, the handlers' property setters
 * ({@code set} + {@link #propertyName()}) are generated from it, and the README's configuration table is its
 * rendering ({@link #ALL}, in order; a test compares them row by row).
 *
 * <p>Adding a setting: one row here (and, for a guard or provider key, the builder field it sets) and one row in the
 * README; the handlers' setters ({@code GatewaySettingSetters}) are generated from this table at build time, and
 * tests name whatever is missing.
 */
public final class GatewaySetting {

    /** Where a key applies. */
    public enum Scope {
        /** The guard as a whole. */
        GUARD,
        /** A provider: top level for the default provider {@value Defaults#DEFAULT_PROVIDER_NAME}, {@code provider.<name>.<key>} for more. */
        PROVIDER,
        /** Read by the Synapse handlers only. */
        HANDLER
    }

    /** Puts a guard key's value into the guard builder; throws {@link InvalidSettingException} naming {@code key}. */
    interface GuardValue {
        void apply(TokenGuardConfig.Builder builder, GatewaySetting setting, String key, String value);
    }

    /** Puts a provider key's value into a provider builder; {@code key} carries the provider's prefix. */
    interface ProviderValue {
        void apply(ProviderConfig.Builder builder, GatewaySetting setting, String key, String value);
    }

    /** The allowed whole numbers of a key and how its error message names them. */
    private static final class Range {
        final long min;
        final long max;
        final String unit;
        final String minLabel;

        Range(long min, String minLabel, long max, String unit) {
            this.min = min;
            this.max = max;
            this.unit = unit;
            this.minLabel = minLabel;
        }
    }

    // ---- the table (README order) ----

    public static final GatewaySetting ENABLED = guard("enabled", "true", null,
            (b, s, key, v) -> b.enabled(s.bool(key, v)),
            "`false` turns the guard off: every request passes through to APIM's own chain.");

    public static final GatewaySetting ISSUERS = provider("issuers", "(required)", null,
            (p, s, key, v) -> p.issuers(list(v)),
            "Exact `iss` values of the tenant, e.g. `https://your-tenant.eu.auth0.com/` (with the trailing slash); add a "
            + "custom domain's issuer too. An issuer Auth0 could never send (https without the trailing `/`, plain http off "
            + "loopback, not a URL) is refused at startup with the spelling to write, since it would match no token and let "
            + "the tenant's tokens pass as another issuer's. JMX `IssuerMatches` counts the tokens seen per issuer.");

    public static final GatewaySetting AUDIENCES = provider("audiences", "(required)", null,
            (p, s, key, v) -> p.audiences(list(v)),
            "API identifiers a token may be for; a token needs any one of them in `aud`.");

    public static final GatewaySetting JWKS_URI = provider("jwks_uri", "<first issuer>.well-known/jwks.json", null,
            (p, s, key, v) -> {
                if (!v.isEmpty()) {
                    try {
                        p.jwksUri(new URI(v));
                    } catch (URISyntaxException e) {
                        throw new InvalidSettingException(key, "must be an absolute https URL", v);
                    }
                }
            },
            "Where the tenant's signing keys are fetched from; https only (plain http only on loopback).");

    public static final GatewaySetting ALGORITHMS = provider("algorithms", "RS256", null,
            (p, s, key, v) -> p.algorithms(list(v)),
            "Allowed signature algorithms, any of RS256, RS384, RS512, ES256, ES384, ES512; `none` and HS* are refused at "
            + "startup.");

    public static final GatewaySetting ALLOWED_AZP = provider("allowed_azp", "(any)", null,
            (p, s, key, v) -> p.allowedAuthorizedParties(list(v)),
            "Auth0 client ids (`azp`) allowed to call; unset accepts any.");

    public static final GatewaySetting JWKS_COOLDOWN_SECONDS = provider("jwks_cooldown_seconds", "30",
            whole(1, 3600, "seconds"),
            (p, s, key, v) -> p.jwksCooldownMillis(1000 * s.whole(key, v)),
            "At most one JWKS fetch per this many seconds for unknown `kid`s and retries after a failure; 1 to 3600.");

    public static final GatewaySetting JWKS_MAX_AGE_SECONDS = provider("jwks_max_age_seconds", "600",
            whole(1, 86400, "seconds"),
            (p, s, key, v) -> p.jwksMaxAgeMillis(1000 * s.whole(key, v)),
            "Cached keys are refreshed in the background after this many seconds (key rotation without restart); a "
            + "failed refresh keeps them; 1 to 86400.");

    public static final GatewaySetting JWKS_CONNECT_TIMEOUT_MS = provider("jwks_connect_timeout_ms", "2000",
            whole(1, 60000, "milliseconds"),
            (p, s, key, v) -> p.jwksConnectTimeoutMillis((int) s.whole(key, v)),
            "Connect timeout of a JWKS fetch in milliseconds; 1 to 60000.");

    public static final GatewaySetting JWKS_READ_TIMEOUT_MS = provider("jwks_read_timeout_ms", "2000",
            whole(1, 60000, "milliseconds"),
            (p, s, key, v) -> p.jwksReadTimeoutMillis((int) s.whole(key, v)),
            "Read timeout of a JWKS fetch in milliseconds; 1 to 60000.");

    public static final GatewaySetting UNKNOWN_KID_MEMORY = provider("unknown_kid_memory", "1000",
            whole(0, 1000000, "entries"),
            (p, s, key, v) -> p.unknownKidMemory((int) s.whole(key, v)),
            "How many `kid`s that were not in the JWKS are remembered, so repeating them costs no fetch; 0 to 1000000.");

    /** Read by {@link GuardSettings} itself: it says which {@code provider.<name>.} prefixes exist. */
    public static final GatewaySetting PROVIDERS = guard("providers", "(none)", null,
            null,
            "Names of extra tenants configured in `[apim_auth0.gateway.provider.<name>]`.");

    public static final GatewaySetting REALM = guard("realm", "apim-auth0", null,
            (b, s, key, v) -> b.realm(v),
            "The `realm` of the `WWW-Authenticate` header.");

    /*
     * 30 s: Auth0's own Node validator allows 5 s, which assumes a well-synchronised host next to Auth0; gateway
     * nodes are often VMs or containers whose NTP sync lapses for a while, and a token used right after issuance must
     * not fail there with issued_in_future. Envoy allows 60 s. 30 s keeps those false 401s away while extending an
     * expired token's life by at most 30 s (against Auth0's default lifetime of 86400 s).
     */
    public static final GatewaySetting CLOCK_LEEWAY_SECONDS = guard("clock_leeway_seconds", "30",
            whole(0, 300, "seconds"),
            (b, s, key, v) -> b.clockLeewaySeconds(s.whole(key, v)),
            "Leeway for `exp`, `nbf`, `iat`, 0 to 300: enough for a gateway node whose clock drifted (Auth0's Node "
            + "validator allows 5, Envoy 60) while an expired token lives at most this much longer.");

    /** 8 KiB, a common header-size cap. */
    public static final GatewaySetting MAX_TOKEN_BYTES = guard("max_token_bytes", "8192",
            whole(256, 65536, "bytes"),
            (b, s, key, v) -> b.maxTokenBytes((int) s.whole(key, v)),
            "Tokens longer than this are refused before decoding, 256 to 65536.");

    public static final GatewaySetting VERIFIED_CACHE_SIZE = guard("verified_cache_size", "10000",
            new Range(0, "0 (off)", 1000000, "entries"),
            (b, s, key, v) -> b.verifiedCacheSize((int) s.whole(key, v)),
            "Verified tokens remembered until they expire, so a repeated token costs no signature check; 0 turns the "
            + "cache off.");

    public static final GatewaySetting AUTH0_ONLY_PATHS = guard("auth0_only_paths", "(none)", null,
            (b, s, key, v) -> b.auth0OnlyPaths(list(v)),
            "Path prefixes where every request needs a valid token of a configured provider: a missing, malformed or "
            + "foreign token is rejected there instead of passed to APIM.");

    public static final GatewaySetting REQUIRED_SCOPES = guard("required_scopes", "(none)", null,
            (b, s, key, v) -> {
                for (String rule : list(v)) {
                    int eq = rule.indexOf('=');
                    if (eq <= 0) {
                        throw new InvalidSettingException(key, "each rule is path_prefix=scope1 scope2", rule);
                    }
                    Set<String> scopes = new LinkedHashSet<>();
                    for (String scope : rule.substring(eq + 1).trim().split("\\s+")) {
                        if (!scope.isEmpty()) {
                            scopes.add(scope);
                        }
                    }
                    b.requiredScopes(rule.substring(0, eq).trim(), scopes);
                }
            },
            "Rules `path_prefix=scope1 scope2`: requests under the prefix need all listed scopes (`scope` claim or "
            + "`permissions`), else 403 `insufficient_scope`; the longest matching prefix wins.");

    public static final GatewaySetting CONFIG_FILE = handler("config_file",
            "${carbon.home}/repository/conf/apim-auth0-gateway.properties", null,
            "Handler property only: the file the handlers read these settings from (a file named explicitly must "
            + "exist).");

    public static final GatewaySetting AUTHORIZATION_HEADERS = handler("authorization_headers", "Authorization", null,
            "Request headers the credential is read from, comma-separated, as APIM reads `[apim.oauth_config] "
            + "auth_header`. The global handler reads each listed header (list every API's custom header); the API-level "
            + "handler reads the API's own header (velocity property `AuthorizationHeader`) and this only when the API "
            + "has none.");

    public static final GatewaySetting DISCARD_BODY_MAX_BYTES = handler("discard_body_max_bytes", "1048576",
            whole(0, 1L << 30, "bytes"),
            "Before a rejection is answered, up to this many bytes of the request body are read and dropped, so the "
            + "answer goes out at once and the connection stays usable; a longer body is cut off and the connection "
            + "closed after the answer; 0 to 1073741824 (0: never read, always close).");

    public static final GatewaySetting CORS_ENABLED = handler("cors_enabled", "true", null,
            "Global handler: add CORS headers to rejections, as `[apim.cors] enable` does for APIM's own failures. (The "
            + "API-level handler copies the API's CORS headers from APIM's CORS handler instead.)");

    public static final GatewaySetting CORS_ALLOW_ORIGINS = handler("cors_allow_origins", "*", null,
            "Global handler: origins allowed in `Access-Control-Allow-Origin`, comma-separated; `*`, exact origins or "
            + "patterns with `*`, chosen as APIM's CORS handler chooses (`[apim.cors] allow_origins`).");

    public static final GatewaySetting CORS_ALLOW_METHODS = handler("cors_allow_methods",
            "GET,PUT,POST,DELETE,PATCH,OPTIONS", null,
            "Global handler: `Access-Control-Allow-Methods` of rejections (`[apim.cors] allow_methods`).");

    public static final GatewaySetting CORS_ALLOW_HEADERS = handler("cors_allow_headers",
            "authorization,Access-Control-Allow-Origin,Content-Type,SOAPAction,apikey,Internal-Key", null,
            "Global handler: `Access-Control-Allow-Headers` of rejections (`[apim.cors] allow_headers`).");

    public static final GatewaySetting CORS_ALLOW_CREDENTIALS = handler("cors_allow_credentials", "false", null,
            "Global handler: send `Access-Control-Allow-Credentials: true` (never with the origin `*`), as "
            + "`[apim.cors] allow_credentials`.");

    public static final GatewaySetting CLAIM_PROPERTIES = handler("claim_properties",
            "sub,azp,scope,aud,iss,exp,provider,token_hash", null,
            "Which `apim_auth0.*` message properties an accepted token sets for mediation, comma-separated, of `sub`, "
            + "`azp`, `scope`, `aud`, `iss`, `exp`, `provider`, `token_hash`; `none` sets none. Synapse copies every "
            + "property into the response's context, so APIs whose mediation reads none of them save that work.");

    /** Every setting, in the order of the README's configuration table. */
    public static final List<GatewaySetting> ALL = Collections.unmodifiableList(Arrays.asList(
            ENABLED, ISSUERS, AUDIENCES, JWKS_URI, ALGORITHMS, ALLOWED_AZP, JWKS_COOLDOWN_SECONDS, JWKS_MAX_AGE_SECONDS,
            JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, UNKNOWN_KID_MEMORY, PROVIDERS, REALM, CLOCK_LEEWAY_SECONDS,
            MAX_TOKEN_BYTES, VERIFIED_CACHE_SIZE, AUTH0_ONLY_PATHS, REQUIRED_SCOPES, CONFIG_FILE, AUTHORIZATION_HEADERS,
            DISCARD_BODY_MAX_BYTES, CORS_ENABLED, CORS_ALLOW_ORIGINS, CORS_ALLOW_METHODS, CORS_ALLOW_HEADERS,
            CORS_ALLOW_CREDENTIALS, CLAIM_PROPERTIES));

    private static final Map<String, GatewaySetting> BY_NAME = new LinkedHashMap<>();

    static {
        for (GatewaySetting s : ALL) {
            if (BY_NAME.put(s.name, s) != null) {
                throw new IllegalStateException("gateway setting declared twice: " + s.name);
            }
            if (s.range != null) {
                // a default outside its own range would be refused when written out explicitly
                s.whole(s.name, s.defaultValue);
            }
        }
    }

    private final String name;
    private final Scope scope;
    private final String defaultValue;
    private final Range range;
    private final GuardValue guardValue;
    private final ProviderValue providerValue;
    private final String meaning;

    private GatewaySetting(String name, Scope scope, String defaultValue, Range range, GuardValue guardValue,
                           ProviderValue providerValue, String meaning) {
        this.name = name;
        this.scope = scope;
        this.defaultValue = defaultValue;
        this.range = range;
        this.guardValue = guardValue;
        this.providerValue = providerValue;
        this.meaning = meaning;
    }

    private static GatewaySetting guard(String name, String def, Range range, GuardValue value, String meaning) {
        return new GatewaySetting(name, Scope.GUARD, def, range, value, null, meaning);
    }

    private static GatewaySetting provider(String name, String def, Range range, ProviderValue value, String meaning) {
        return new GatewaySetting(name, Scope.PROVIDER, def, range, null, value, meaning);
    }

    private static GatewaySetting handler(String name, String def, Range range, String meaning) {
        return new GatewaySetting(name, Scope.HANDLER, def, range, null, null, meaning);
    }

    private static Range whole(long min, long max, String unit) {
        return new Range(min, String.valueOf(min), max, unit);
    }

    /** The setting with this snake_case name, or null. */
    public static GatewaySetting named(String name) {
        return BY_NAME.get(name);
    }

    /** The snake_case key, e.g. {@code clock_leeway_seconds}. */
    public String name() { return name; }

    public Scope scope() { return scope; }

    /** The default as an operator would write it; {@code (required)}, {@code (none)} or {@code (any)} when there is none. */
    public String defaultValue() { return defaultValue; }

    /** What the key does, as the README's configuration table says it (Markdown). */
    public String meaning() { return meaning; }

    /** The handler property (camelCase): {@code clock_leeway_seconds -> clockLeewaySeconds}. */
    public String propertyName() {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** The bean setter Synapse calls for the handler property: {@code setClockLeewaySeconds}. */
    public String setterName() {
        String p = propertyName();
        return "set" + Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    /** The default of a whole-number key. */
    public long defaultWhole() {
        return Long.parseLong(defaultValue);
    }

    /** The default of a true/false key. */
    public boolean defaultBoolean() {
        return Boolean.parseBoolean(defaultValue);
    }

    /** Smallest allowed value of a whole-number key. */
    public long min() {
        return range.min;
    }

    /** Largest allowed value of a whole-number key. */
    public long max() {
        return range.max;
    }

    void applyTo(TokenGuardConfig.Builder builder, String value) {
        if (guardValue != null) {
            guardValue.apply(builder, this, name, value);
        }
    }

    void applyTo(ProviderConfig.Builder builder, String key, String value) {
        providerValue.apply(builder, this, key, value);
    }

    /**
     * Reads a whole number within this key's range.
     *
     * @throws InvalidSettingException naming {@code key}: "must be a whole number of UNIT from MIN to MAX"
     */
    public long whole(String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.length() > 12) {
            throw new InvalidSettingException(key, rangeReason(), value);
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new InvalidSettingException(key, rangeReason(), value);
            }
        }
        long n = Long.parseLong(v);
        if (n < range.min || n > range.max) {
            throw new InvalidSettingException(key, rangeReason(), value);
        }
        return n;
    }

    /**
     * Checks a value a builder was given, in this key's unit times {@code scale} (e.g. milliseconds for a key in
     * seconds: scale 1000); the message shows it in the key's unit, as an operator would have written it.
     */
    void check(String key, long value, long scale) {
        if (value < range.min * scale || value > range.max * scale) {
            String shown = value % scale == 0 ? String.valueOf(value / scale) : String.valueOf(value / (double) scale);
            throw new InvalidSettingException(key, rangeReason(), shown);
        }
    }

    private String rangeReason() {
        return "must be a whole number of " + range.unit + " from " + range.minLabel + " to " + range.max;
    }

    /** Reads true or false (any case). */
    public boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new InvalidSettingException(key, "must be true or false", value);
    }

    /** Comma-separated values; a TOML-style array ["a", "b"] is read as well. Empty entries are dropped. */
    public static List<String> list(String value) {
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

    @Override
    public String toString() {
        return name + " (" + defaultValue + ")";
    }
}
