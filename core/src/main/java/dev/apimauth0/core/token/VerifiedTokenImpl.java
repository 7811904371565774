package dev.apimauth0.core.token;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A verified token. The claims map and the hash are built on first use: most requests need neither. */
final class VerifiedTokenImpl implements VerifiedToken {

    private final String token;
    private final String issuer;
    private final String subject;
    private final String authorizedParty;
    private final List<String> audiences;
    private volatile Set<String> scopes;
    private final long expiresAt;
    private final long issuedAt;
    private final String keyId;
    private final String algorithm;
    private final String providerName;
    private final byte[] claimsJson;
    private volatile Map<String, Object> claims;
    private volatile String tokenHash;
    private final DerivedValues derived = new DerivedValues();

    /** Where the scan found the scope string and the permissions array in claimsJson (-1: absent). */
    private final int scopeStart;
    private final int scopeEnd;
    private final boolean scopeEscaped;
    private final int permissionsPos;

    VerifiedTokenImpl(String token, String issuer, String subject, String authorizedParty, List<String> audiences,
                      long expiresAt, long issuedAt, String keyId, String algorithm,
                      String providerName, byte[] claimsJson, int scopeStart, int scopeEnd, boolean scopeEscaped,
                      int permissionsPos) {
        this.scopeStart = scopeStart;
        this.scopeEnd = scopeEnd;
        this.scopeEscaped = scopeEscaped;
        this.permissionsPos = permissionsPos;
        this.token = token;
        this.issuer = issuer;
        this.subject = subject;
        this.authorizedParty = authorizedParty;
        this.audiences = Collections.unmodifiableList(audiences);
        this.expiresAt = expiresAt;
        this.issuedAt = issuedAt;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.providerName = providerName;
        this.claimsJson = claimsJson;
    }

    boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    @Override public String issuer() { return issuer; }
    @Override public String subject() { return subject; }
    @Override public String authorizedParty() { return authorizedParty; }
    @Override public List<String> audiences() { return audiences; }
    /** Built on first use: the space-separated scope claim plus the permissions array (Auth0 RBAC). */
    @Override
    public Set<String> scopes() {
        Set<String> s = scopes;
        if (s == null) {
            s = Collections.unmodifiableSet(scopesOf(claimsJson));
            scopes = s;
        }
        return s;
    }

    /** The scope claim's words and the permissions array's strings, read from the ranges the scan recorded. */
    private Set<String> scopesOf(byte[] json) {
        Set<String> out = new java.util.HashSet<>();
        if (scopeStart >= 0) {
            String v = FlatJson.decode(json, scopeStart, scopeEnd, scopeEscaped);
            if (v != null) {
                for (String part : v.split(" ")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            }
        }
        if (permissionsPos >= 0) {
            FlatJson j = new FlatJson();
            j.reset(json, permissionsPos, json.length);
            java.util.List<String> perms = new java.util.ArrayList<>();
            if (j.stringArray(perms)) {
                out.addAll(perms);
            }
        }
        return out;
    }

    @Override public long expiresAt() { return expiresAt; }
    @Override public long issuedAt() { return issuedAt; }
    @Override public String keyId() { return keyId; }
    @Override public String algorithm() { return algorithm; }
    @Override public String providerName() { return providerName; }

    @Override
    public String tokenHash() {
        String h = tokenHash;
        if (h == null) {
            h = TokenHash.of(token);
            tokenHash = h;
        }
        return h;
    }

    @Override
    public Map<String, Object> claims() {
        Map<String, Object> c = claims;
        if (c == null) {
            Map<String, Object> parsed = ClaimValues.of(claimsJson, 0, claimsJson.length);
            // the same bytes passed the strict scan before the token was accepted
            c = parsed == null ? Collections.<String, Object>emptyMap() : Collections.unmodifiableMap(parsed);
            claims = c;
        }
        return c;
    }

    @Override
    public <T> T derived(Function<? super VerifiedToken, ? extends T> derivation) {
        return derived.get(this, derivation);
    }

    @Override
    public String toString() {
        return "VerifiedToken{provider=" + providerName + ", sub=" + subject + ", azp=" + authorizedParty
                + ", token=" + tokenHash() + "}";
    }
}
