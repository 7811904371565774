package dev.apimauth0.core.token;

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

        private Builder(String name) {
            this.name = name;
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

        /** Validates and builds; an invalid value throws {@link InvalidSettingException} naming it. */
        public ProviderConfig build() {
            // Filled in by the validation core: defaults (jwks_uri from the first issuer, RS256) and checks.
            return new ProviderConfig(this);
        }
    }
}
