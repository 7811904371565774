package dev.apimauth0.core.config;

import dev.apimauth0.core.token.RequestPath;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a {@link TokenGuard} needs: the trusted providers (tenants) and the request-level rules.
 * Immutable; built once with {@link #builder()} (or from string settings by {@link GuardSettings}).
 */
public final class TokenGuardConfig {

    private final boolean enabled;
    private final List<ProviderConfig> providers;
    private final int maxTokenBytes;
    private final long clockLeewaySeconds;
    private final int verifiedCacheSize;
    private final List<String> auth0OnlyPaths;
    private final List<ScopeRule> scopeRules;
    private final String realm;
    private final Clock clock;
    private final boolean prefetchJwks;

    private TokenGuardConfig(Builder b) {
        this.enabled = b.enabled;
        this.providers = Collections.unmodifiableList(new ArrayList<>(b.providers));
        this.maxTokenBytes = b.maxTokenBytes;
        this.clockLeewaySeconds = b.clockLeewaySeconds;
        this.verifiedCacheSize = b.verifiedCacheSize;
        this.auth0OnlyPaths = Collections.unmodifiableList(new ArrayList<>(b.auth0OnlyPaths));
        this.scopeRules = Collections.unmodifiableList(new ArrayList<>(b.scopeRules));
        this.realm = b.realm;
        this.clock = b.clock;
        this.prefetchJwks = b.prefetchJwks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** When false the handlers pass every request through untouched. */
    public boolean enabled() { return enabled; }
    public List<ProviderConfig> providers() { return providers; }
    public int maxTokenBytes() { return maxTokenBytes; }
    public long clockLeewaySeconds() { return clockLeewaySeconds; }
    public int verifiedCacheSize() { return verifiedCacheSize; }
    /** Path prefixes on which every request must carry a valid token of one of our providers. */
    public List<String> auth0OnlyPaths() { return auth0OnlyPaths; }
    public List<ScopeRule> scopeRules() { return scopeRules; }
    public String realm() { return realm; }
    /** Time source (tests inject a fixed or moving clock). */
    public Clock clock() { return clock; }
    /** Fetch each provider's JWKS in the background as soon as the guard is created. */
    public boolean prefetchJwks() { return prefetchJwks; }

    /** Requests whose path starts with {@link #pathPrefix()} need every scope of {@link #scopes()}. */
    public static final class ScopeRule {
        private final String pathPrefix;
        private final Set<String> scopes;

        public ScopeRule(String pathPrefix, Set<String> scopes) {
            this.pathPrefix = pathPrefix;
            this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }

        public String pathPrefix() { return pathPrefix; }
        public Set<String> scopes() { return scopes; }

        @Override
        public String toString() {
            return pathPrefix + "=" + String.join(" ", scopes);
        }
    }

    public static final class Builder {
        private boolean enabled = Defaults.ENABLED;
        private final List<ProviderConfig> providers = new ArrayList<>();
        private int maxTokenBytes = Defaults.MAX_TOKEN_BYTES;
        private long clockLeewaySeconds = Defaults.CLOCK_LEEWAY_SECONDS;
        private int verifiedCacheSize = Defaults.VERIFIED_CACHE_SIZE;
        private final List<String> auth0OnlyPaths = new ArrayList<>();
        private final List<ScopeRule> scopeRules = new ArrayList<>();
        private String realm = Defaults.REALM;
        private Clock clock = Clock.systemUTC();
        private boolean prefetchJwks = true;

        private Builder() {
        }

        public Builder enabled(boolean value) { this.enabled = value; return this; }
        public Builder provider(ProviderConfig provider) { providers.add(provider); return this; }
        public Builder providers(Iterable<ProviderConfig> values) { for (ProviderConfig p : values) { providers.add(p); } return this; }
        public Builder maxTokenBytes(int bytes) { this.maxTokenBytes = bytes; return this; }
        public Builder clockLeewaySeconds(long seconds) { this.clockLeewaySeconds = seconds; return this; }
        public Builder verifiedCacheSize(int entries) { this.verifiedCacheSize = entries; return this; }
        public Builder auth0OnlyPath(String pathPrefix) { auth0OnlyPaths.add(pathPrefix); return this; }
        public Builder auth0OnlyPaths(Iterable<String> values) { for (String v : values) { auth0OnlyPaths.add(v); } return this; }
        public Builder requiredScopes(String pathPrefix, Set<String> scopes) { scopeRules.add(new ScopeRule(pathPrefix, scopes)); return this; }
        public Builder requiredScopes(String pathPrefix, String... scopes) {
            return requiredScopes(pathPrefix, new LinkedHashSet<>(java.util.Arrays.asList(scopes)));
        }
        public Builder realm(String value) { this.realm = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder prefetchJwks(boolean value) { this.prefetchJwks = value; return this; }

        /** Validates and builds; an invalid value throws {@link InvalidSettingException} naming its key. */
        public TokenGuardConfig build() {
            if (providers.isEmpty() && enabled) {
                // a switched-off guard needs no tenant: operators disable it without deleting its section
                throw new InvalidSettingException(GatewaySetting.ISSUERS.name(), "at least one provider (issuers and audiences) is required", "");
            }
            Set<String> names = new HashSet<>();
            Set<String> issuers = new HashSet<>();
            for (ProviderConfig p : providers) {
                if (!names.add(p.name())) {
                    throw new InvalidSettingException(GatewaySetting.PROVIDERS.name(), "provider names must be unique", p.name());
                }
                for (String iss : p.issuers()) {
                    if (!issuers.add(iss)) {
                        throw new InvalidSettingException(Defaults.DEFAULT_PROVIDER_NAME.equals(p.name())
                                ? "issuers" : "provider." + p.name() + ".issuers",
                                "an issuer may belong to one provider only", iss);
                    }
                }
            }
            GatewaySetting.MAX_TOKEN_BYTES.check(GatewaySetting.MAX_TOKEN_BYTES.name(), maxTokenBytes, 1);
            GatewaySetting.CLOCK_LEEWAY_SECONDS.check(GatewaySetting.CLOCK_LEEWAY_SECONDS.name(), clockLeewaySeconds, 1);
            GatewaySetting.VERIFIED_CACHE_SIZE.check(GatewaySetting.VERIFIED_CACHE_SIZE.name(), verifiedCacheSize, 1);
            for (String path : auth0OnlyPaths) {
                checkPathPrefix(GatewaySetting.AUTH0_ONLY_PATHS.name(), path);
            }
            Set<String> rulePrefixes = new HashSet<>();
            for (ScopeRule rule : scopeRules) {
                checkPathPrefix(GatewaySetting.REQUIRED_SCOPES.name(), rule.pathPrefix());
                if (!rulePrefixes.add(rule.pathPrefix())) {
                    throw new InvalidSettingException(GatewaySetting.REQUIRED_SCOPES.name(), "each path prefix may appear once", rule.toString());
                }
                if (rule.scopes().isEmpty()) {
                    throw new InvalidSettingException(GatewaySetting.REQUIRED_SCOPES.name(), "a rule needs at least one scope (path_prefix=scope1 scope2)",
                            rule.toString());
                }
                for (String scope : rule.scopes()) {
                    if (!isScopeToken(scope)) {
                        throw new InvalidSettingException(GatewaySetting.REQUIRED_SCOPES.name(),
                                "a scope is one or more printable characters without spaces, quotes or backslashes", scope);
                    }
                }
            }
            if (realm == null || realm.isEmpty() || realm.length() > 128 || !isQuotable(realm)) {
                throw new InvalidSettingException(GatewaySetting.REALM.name(),
                        "must be 1 to 128 printable characters without quotes or backslashes", realm);
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            return new TokenGuardConfig(this);
        }

        private static void checkPathPrefix(String key, String path) {
            if (path == null || !path.startsWith("/") || !isQuotable(path) || path.indexOf(' ') >= 0) {
                throw new InvalidSettingException(key, "a path prefix starts with '/' and has no spaces, quotes or control characters",
                        path);
            }
            // requests are matched in normal form, so a prefix in any other form would never match
            String normal = RequestPath.normalize(path);
            if (!path.equals(normal)) {
                throw new InvalidSettingException(key, "a path prefix is written decoded, without '.', '..' or empty segments, "
                        + "';' parameters, '\\', '?' or '#'" + (normal == null ? "" : "; write " + normal), path);
            }
        }

        /** RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E. */
        static boolean isScopeToken(String s) {
            if (s == null || s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        /** Safe inside a quoted-string of a WWW-Authenticate header. */
        static boolean isQuotable(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
    }
}
