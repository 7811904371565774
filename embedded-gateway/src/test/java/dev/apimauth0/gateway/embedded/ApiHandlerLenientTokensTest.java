package dev.apimauth0.gateway.embedded;

/** {@link LenientlyReadTokensContract} on the API-level handler, placed as in velocity_template.xml. */
class ApiHandlerLenientTokensTest extends LenientlyReadTokensContract {

    @Override
    EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder) {
        return builder;
    }
}
