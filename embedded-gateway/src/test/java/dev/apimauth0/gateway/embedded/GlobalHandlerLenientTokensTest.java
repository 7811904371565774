package dev.apimauth0.gateway.embedded;

import java.util.Map;

/**
 * {@link LenientlyReadTokensContract} on the global handler, run at the engine's entry as the fork's
 * Axis2SynapseEnvironment.injectMessage runs global handlers.
 */
class GlobalHandlerLenientTokensTest extends LenientlyReadTokensContract {

    @Override
    EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder) {
        return builder.apiHandler(false)
                .globalHandler("apim_auth0_token_guard", "dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler", Map.of());
    }
}
