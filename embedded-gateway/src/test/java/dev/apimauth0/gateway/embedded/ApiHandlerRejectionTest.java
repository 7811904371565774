package dev.apimauth0.gateway.embedded;

/** The rejection contract for the API-level handler, behind a stand-in of APIM's CORS handler. */
class ApiHandlerRejectionTest extends RejectionOverHttpContract {

    @Override
    EmbeddedGateway.Builder wire(EmbeddedGateway.Builder builder) {
        return builder.apiHandlerBefore(ApimCorsStandIn.class.getName());
    }

    @Override
    String expectedAllowOrigin(String origin) {
        return ApimCorsStandIn.ALLOWED_ORIGIN.equals(origin) ? origin : null;
    }
}
