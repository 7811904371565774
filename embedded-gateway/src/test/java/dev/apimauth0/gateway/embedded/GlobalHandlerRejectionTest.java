package dev.apimauth0.gateway.embedded;

import java.util.Map;

/**
 * The rejection contract for the global handler, run on the engine's real inbound messages at the entry where
 * WSO2's fork runs [synapse_handlers], with no API-level guard.
 */
class GlobalHandlerRejectionTest extends RejectionOverHttpContract {

    @Override
    EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder) {
        return builder.apiHandler(false)
                .setting("cors_allow_origins", "https://*.example.org,https://app.example.com")
                .globalHandler("apim_auth0_token_guard", "dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler", Map.of());
    }

    @Override
    String expectedAllowOrigin(String origin) {
        return origin;
    }
}
