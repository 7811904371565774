package dev.apimauth0.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One trusted Auth0 tenant: who issues (issuers), for whom (audiences, any one of), with which
 * keys (JWKS) and algorithms. Immutable; built with {@link #builder(String)}.
 */
public final class ProviderConfig {

    private final String name;
    private final List<String> issuers;
    private final Set<String> audiences;
    private final URI jwksUri;
    private final Set<String> algorithms;
    private final Set<String> allowedAuthorizedParties;
    private final long jwksCooldownMillis;
    private final int jwksConnectTimeoutMillis;
    private final int jwksReadTimeoutMillis;
    private final long jwksMaxAgeMillis;
    private final int unknownKidMemory;
    private final long jwksFetchWaitMillis;

    private ProviderConfig(Builder b) {
        this.name = b.name;
        this.issuers = Collections.unmodifiableList(new ArrayList<>(b.issuers));
        this.audiences = Collections.unmodifiableSet(new LinkedHashSet<>(b.audiences));
        this.jwksUri = b.jwksUri;
        this.algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(b.algorithms));
        this.allowedAuthorizedParties = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedAuthorizedParties));
        this.jwksCooldownMillis = b.jwksCooldownMillis;
        this.jwksConnectTimeoutMillis = b.jwksConnectTimeoutMillis;
        this.jwksReadTimeoutMillis = b.jwksReadTimeoutMillis;
        this.jwksMaxAgeMillis = b.jwksMaxAgeMillis;
        this.unknownKidMemory = b.unknownKidMemory;
        this.jwksFetchWaitMillis = b.jwksFetchWaitMillis;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() { return name; }
    public List<String> issuers() { return issuers; }
    public Set<String> audiences() { return audiences; }
    public URI jwksUri() { return jwksUri; }
    public Set<String> algorithms() { return algorithms; }
    /** Empty means any azp is accepted. */
    public Set<String> allowedAuthorizedParties() { return allowedAuthorizedParties; }
    public long jwksCooldownMillis() { return jwksCooldownMillis; }
    public int jwksConnectTimeoutMillis() { return jwksConnectTimeoutMillis; }
    public int jwksReadTimeoutMillis() { return jwksReadTimeoutMillis; }
    public long jwksMaxAgeMillis() { return jwksMaxAgeMillis; }
    public int unknownKidMemory() { return unknownKidMemory; }
    /** How long a request with an uncached kid waits for the JWKS fetch in flight. */
    public long jwksFetchWaitMillis() { return jwksFetchWaitMillis; }

    /** Algorithms a provider may allow: asymmetric only (HS* with a public JWKS is forgeable, none is unsigned). */
    public static final Set<String> SUPPORTED_ALGORITHMS = Collections.unmodifiableSet(new LinkedHashSet<>(
            java.util.Arrays.asList("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")));

    /** True for a loopback host literal or localhost (never resolved: a DNS answer must not allow plain http). */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ProviderConfig{name=" + name + ", issuers=" + issuers + ", audiences=" + audiences
                + ", jwksUri=" + jwksUri + ", algorithms=" + algorithms + "}";
    }

    public static final class Builder {
        private final String name;
        private final List<String> issuers = new ArrayList<>();
        private final Set<String> audiences = new LinkedHashSet<>();
        private URI jwksUri;
        private final Set<String> algorithms = new LinkedHashSet<>();
        private final Set<String> allowedAuthorizedParties = new LinkedHashSet<>();
        private long jwksCooldownMillis = Defaults.JWKS_COOLDOWN_MILLIS;
        private int jwksConnectTimeoutMillis = Defaults.JWKS_CONNECT_TIMEOUT_MILLIS;
        private int jwksReadTimeoutMillis = Defaults.JWKS_READ_TIMEOUT_MILLIS;
        private long jwksMaxAgeMillis = Defaults.JWKS_MAX_AGE_MILLIS;
        private int unknownKidMemory = Defaults.UNKNOWN_KID_MEMORY;
        private long jwksFetchWaitMillis = Defaults.JWKS_FETCH_WAIT_MILLIS;
        private String settingPrefix;

        private Builder(String name) {
            this.name = name;
        }

        /** Prefix of this provider's keys in error messages ("" or "provider.NAME."). */
        Builder settingPrefix(String prefix) { this.settingPrefix = prefix; return this; }
        public Builder jwksFetchWaitMillis(long millis) { this.jwksFetchWaitMillis = millis; return this; }

        private String key(String k) {
            String prefix = settingPrefix != null ? settingPrefix
                    : Defaults.DEFAULT_PROVIDER_NAME.equals(name) ? "" : "provider." + name + ".";
            return prefix + k;
        }

        public Builder issuer(String issuer) { issuers.add(issuer); return this; }
        public Builder issuers(Iterable<String> values) { for (String v : values) { issuers.add(v); } return this; }
        public Builder audience(String audience) { audiences.add(audience); return this; }
        public Builder audiences(Iterable<String> values) { for (String v : values) { audiences.add(v); } return this; }
        public Builder jwksUri(URI uri) { this.jwksUri = uri; return this; }
        public Builder algorithm(String alg) { algorithms.add(alg); return this; }
        public Builder algorithms(Iterable<String> values) { for (String v : values) { algorithms.add(v); } return this; }
        public Builder allowedAuthorizedParty(String azp) { allowedAuthorizedParties.add(azp); return this; }
        public Builder allowedAuthorizedParties(Iterable<String> values) { for (String v : values) { allowedAuthorizedParties.add(v); } return this; }
        public Builder jwksCooldownMillis(long millis) { this.jwksCooldownMillis = millis; return this; }
        public Builder jwksConnectTimeoutMillis(int millis) { this.jwksConnectTimeoutMillis = millis; return this; }
        public Builder jwksReadTimeoutMillis(int millis) { this.jwksReadTimeoutMillis = millis; return this; }
        public Builder jwksMaxAgeMillis(long millis) { this.jwksMaxAgeMillis = millis; return this; }
        public Builder unknownKidMemory(int entries) { this.unknownKidMemory = entries; return this; }

        /**
         * An issuer Auth0 could send: its iss is always an https URL ending in '/' (custom domains too). Any
         * other spelling would never match, and every genuine or forged token of the tenant would then pass
         * through as another issuer's, switching the guard off; so it is refused with the fix. Plain http is
         * kept for test servers on loopback only.
         */
        static void checkIssuer(String key, String iss) {
            URI uri;
            try {
                uri = new URI(iss);
            } catch (java.net.URISyntaxException e) {
                throw new InvalidSettingException(key, "an issuer is Auth0's https URL, e.g. https://your-tenant.eu.auth0.com/", iss);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidSettingException(key, "an issuer is Auth0's https URL, e.g. https://your-tenant.eu.auth0.com/", iss);
            }
            if (scheme.equals("http")) {
                if (!isLoopback(uri.getHost())) {
                    throw new InvalidSettingException(key, "Auth0 issuers are https URLs (plain http only for a test server on loopback); "
                            + "write https://" + iss.substring("http://".length()), iss);
                }
                return;
            }
            if (!scheme.equals("https")) {
                throw new InvalidSettingException(key, "an issuer is Auth0's https URL, e.g. https://your-tenant.eu.auth0.com/", iss);
            }
            if (!iss.endsWith("/")) {
                throw new InvalidSettingException(key, "Auth0 always sends iss with a trailing '/', so this issuer would never match "
                        + "and the tenant's tokens would pass as another issuer's; write " + iss + "/", iss);
            }
        }

        private static boolean isLoopback(String host) {
            String h = host.toLowerCase(java.util.Locale.ROOT);
            return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        }

        /** Validates and builds; an invalid value throws {@link InvalidSettingException} naming it. */
        public ProviderConfig build() {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidSettingException(GatewaySetting.PROVIDERS.name(), "a provider name is 1 to 64 letters, digits, '_' or '-'", name);
            }
            if (issuers.isEmpty()) {
                throw new InvalidSettingException(key(GatewaySetting.ISSUERS.name()), "at least one issuer is required", "");
            }
            for (String iss : issuers) {
                if (iss == null || iss.trim().isEmpty() || !iss.equals(iss.trim())) {
                    throw new InvalidSettingException(key(GatewaySetting.ISSUERS.name()), "an issuer is a non-empty string without surrounding spaces", iss);
                }
                checkIssuer(key(GatewaySetting.ISSUERS.name()), iss);
            }
            if (audiences.isEmpty()) {
                throw new InvalidSettingException(key(GatewaySetting.AUDIENCES.name()), "at least one audience is required", "");
            }
            for (String aud : audiences) {
                if (aud == null || aud.trim().isEmpty()) {
                    throw new InvalidSettingException(key(GatewaySetting.AUDIENCES.name()), "an audience is a non-empty string", aud);
                }
            }
            if (algorithms.isEmpty()) {
                algorithms.add(Defaults.ALGORITHM);
            }
            for (String alg : algorithms) {
                if (alg == null || alg.equalsIgnoreCase("none") || alg.toUpperCase(java.util.Locale.ROOT).startsWith("HS")) {
                    throw new InvalidSettingException(key(GatewaySetting.ALGORITHMS.name()),
                            "none and HS* are refused (unsigned, or forgeable with the public key); allowed: " + SUPPORTED_ALGORITHMS, alg);
                }
                if (!SUPPORTED_ALGORITHMS.contains(alg)) {
                    throw new InvalidSettingException(key(GatewaySetting.ALGORITHMS.name()), "must be one of " + SUPPORTED_ALGORITHMS, alg);
                }
            }
            for (String azp : allowedAuthorizedParties) {
                if (azp == null || azp.trim().isEmpty()) {
                    throw new InvalidSettingException(key(GatewaySetting.ALLOWED_AZP.name()), "an azp is a non-empty client id", azp);
                }
            }
            if (jwksUri == null) {
                String first = issuers.get(0);
                try {
                    jwksUri = new URI(first + (first.endsWith("/") ? "" : "/") + ".well-known/jwks.json");
                } catch (java.net.URISyntaxException e) {
                    throw new InvalidSettingException(key(GatewaySetting.JWKS_URI.name()),
                            "no jwks_uri given and the first issuer is not a URL to derive it from", first);
                }
            }
            String scheme = jwksUri.getScheme() == null ? "" : jwksUri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!jwksUri.isAbsolute() || jwksUri.getHost() == null) {
                throw new InvalidSettingException(key(GatewaySetting.JWKS_URI.name()), "must be an absolute https URL", String.valueOf(jwksUri));
            }
            if (scheme.equals("http")) {
                if (!isLoopbackHost(jwksUri.getHost())) {
                    throw new InvalidSettingException(key(GatewaySetting.JWKS_URI.name()),
                            "plain http is refused (keys could be swapped in transit); use https, http is allowed only on loopback",
                            String.valueOf(jwksUri));
                }
            } else if (!scheme.equals("https")) {
                throw new InvalidSettingException(key(GatewaySetting.JWKS_URI.name()), "must be an https URL", String.valueOf(jwksUri));
            }
            GatewaySetting.JWKS_COOLDOWN_SECONDS.check(key(GatewaySetting.JWKS_COOLDOWN_SECONDS.name()), jwksCooldownMillis, 1000);
            GatewaySetting.JWKS_MAX_AGE_SECONDS.check(key(GatewaySetting.JWKS_MAX_AGE_SECONDS.name()), jwksMaxAgeMillis, 1000);
            GatewaySetting.JWKS_CONNECT_TIMEOUT_MS.check(key(GatewaySetting.JWKS_CONNECT_TIMEOUT_MS.name()), jwksConnectTimeoutMillis, 1);
            GatewaySetting.JWKS_READ_TIMEOUT_MS.check(key(GatewaySetting.JWKS_READ_TIMEOUT_MS.name()), jwksReadTimeoutMillis, 1);
            GatewaySetting.UNKNOWN_KID_MEMORY.check(key(GatewaySetting.UNKNOWN_KID_MEMORY.name()), unknownKidMemory, 1);
            if (jwksFetchWaitMillis < 0 || jwksFetchWaitMillis > 60000) {
                throw new IllegalArgumentException("jwksFetchWaitMillis must be from 0 to 60000, got " + jwksFetchWaitMillis);
            }
            return new ProviderConfig(this);
        }
    }
}
