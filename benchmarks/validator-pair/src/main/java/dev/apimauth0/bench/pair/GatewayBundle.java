package dev.apimauth0.bench.pair;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.GuardMetrics;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;

import java.util.Map;
import java.util.function.ToIntBiFunction;

/**
 * The gateway handlers' side of a pack, loaded by {@link ValidatorPair} in a class loader of its own with its own
 * copy of core (as the gateway-handler bundle embeds one): it creates and publishes the guard there and checks
 * requests with it directly, as the Synapse handler does. The benchmark reaches it through JDK types only: the check
 * as a {@link ToIntBiFunction} (1 when accepted), the rest by reflection outside the measured calls.
 */
public final class GatewayBundle implements ToIntBiFunction<String, String>, AutoCloseable {

    private final TokenGuard guard;
    private final NodeGuards.Publication publication;

    public GatewayBundle(Map<String, String> settings) {
        TokenGuardConfig config = GuardSettings.load(settings);
        guard = TokenGuards.create(config);
        publication = NodeGuards.publish(guard, config);
    }

    /** The handler's check of one request: 1 when accepted, else 0. */
    @Override
    public int applyAsInt(String authorizationHeader, String path) {
        return guard.check(authorizationHeader, path).outcome() == GuardDecision.Outcome.ACCEPTED ? 1 : 0;
    }

    /** True when this class and its guard come from another copy of core than the caller's. */
    public boolean isOfAnotherCopy(Class<?> callersGuardType) {
        return callersGuardType != TokenGuard.class && !callersGuardType.isInstance(guard);
    }

    public long accepted() {
        return guard.metrics().accepted();
    }

    public long verifiedCacheHits() {
        GuardMetrics m = guard.metrics();
        return m.verifiedCacheHits();
    }

    @Override
    public void close() {
        publication.withdraw();
        guard.close();
    }
}
