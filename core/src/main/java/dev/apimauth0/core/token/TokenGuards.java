package dev.apimauth0.core.token;

import dev.apimauth0.core.config.TokenGuardConfig;

/** Creates token guards. */
public final class TokenGuards {

    private TokenGuards() {
    }

    /**
     * Creates a guard for the configuration. The guard starts fetching each provider's JWKS in the
     * background (unless disabled in the configuration); close it to stop that work.
     */
    public static TokenGuard create(TokenGuardConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new DefaultTokenGuard(config);
    }
}
