package dev.apimauth0.gateway.embedded;

import java.util.Map;

import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.apache.synapse.rest.Handler;

/**
 * Stands in for APIM's CORSRequestHandler in the embedded gateway: sets the properties its setCORSHeaders
 * (9.0.174) sets for a request, for an API whose allowed origin is https://app.example.com, so that the guard's
 * rejection can show it copies them as APIM's _cors_request_handler_ sequence does.
 */
public class ApimCorsStandIn implements Handler {

    static final String ALLOWED_ORIGIN = "https://app.example.com";

    @Override
    public boolean handleRequest(MessageContext messageContext) {
        Map<?, ?> headers = (Map<?, ?>) ((Axis2MessageContext) messageContext).getAxis2MessageContext()
                .getProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS);
        Object origin = headers == null ? null : headers.get("Origin");
        messageContext.setProperty("Access-Control-Allow-Origin", ALLOWED_ORIGIN.equals(origin) ? ALLOWED_ORIGIN : null);
        messageContext.setProperty("CORSConfiguration.Enabled", Boolean.TRUE);
        messageContext.setProperty("Access-Control-Allow-Methods", "GET,POST");
        messageContext.setProperty("Access-Control-Allow-Headers", "authorization,Content-Type");
        messageContext.setProperty("Access-Control-Expose-Headers", null);
        return true;
    }

    @Override
    public boolean handleResponse(MessageContext messageContext) {
        return true;
    }
}
