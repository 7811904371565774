package dev.apimauth0.validator;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;

import java.util.HashMap;
import java.util.Map;

/**
 * The guard a validator verifies with: the gateway handlers' guard when one with the same settings for the tenant
 * is published on this node (one verification per token, one JWKS cache), else one guard per settings shared by
 * every validator of this bundle. APIM never closes a validator and creates a new one on every key manager update,
 * so validators own nothing: their guards live as long as the node and are reused across reloads.
 */
final class NodeGuardResolver {

    private static final Map<String, TokenGuard> OWN = new HashMap<>();

    private final String key;
    private final TokenGuardConfig config;
    private volatile long seenVersion = Long.MIN_VALUE;
    private volatile TokenGuard current;

    NodeGuardResolver(TokenGuardConfig config) {
        ProviderConfig provider = config.providers().get(0);
        this.key = NodeGuards.key(config, provider);
        this.config = config;
        guard();
    }

    /** The guard to use now: re-chosen only when a gateway guard was published or withdrawn since the last call. */
    TokenGuard guard() {
        long v = NodeGuards.version();
        TokenGuard g = current;
        if (v != seenVersion || g == null) {
            TokenGuard published = NodeGuards.published(key);
            g = published != null ? published : own(key, config);
            current = g;
            seenVersion = v;
        }
        return g;
    }

    /** True when the guard in use is the gateway handlers'. */
    boolean sharedWithGateway() {
        return guard() != own(key, config);
    }

    private static TokenGuard own(String key, TokenGuardConfig config) {
        synchronized (OWN) {
            TokenGuard g = OWN.get(key);
            if (g == null) {
                g = TokenGuards.create(config);
                OWN.put(key, g);
            }
            return g;
        }
    }
}
