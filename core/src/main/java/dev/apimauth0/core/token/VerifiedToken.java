package dev.apimauth0.core.token;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The claims of a token that passed every check. Immutable. */
public interface VerifiedToken {

    String issuer();

    String subject();

    /** The authorized party (Auth0 client id); may be null. */
    String authorizedParty();

    List<String> audiences();

    /** Scopes from the space-separated {@code scope} claim, plus {@code permissions} if present. */
    Set<String> scopes();

    /** Expiry, epoch seconds. */
    long expiresAt();

    /** Issued-at, epoch seconds; 0 when absent. */
    long issuedAt();

    String keyId();

    String algorithm();

    /** The name of the configured provider (tenant) that verified the token. */
    String providerName();

    /** A short, non-reversible hash of the token, safe for logs. */
    String tokenHash();

    /** All top-level claims (strings, numbers, booleans, lists of strings). */
    Map<String, Object> claims();

    /**
     * What {@code derivation} makes of this token, built once and kept with the token while it stays cached, so a
     * caller that looks at the same token again (APIM's JWT validator) does not rebuild it. The derivation must
     * depend on the token only and its result must be immutable; it is told apart from others by identity (keep one
     * instance per kind of result), and a token keeps the results of its last four derivations. This default keeps
     * nothing.
     */
    default <T> T derived(Function<? super VerifiedToken, ? extends T> derivation) {
        return derivation.apply(this);
    }
}
