package dev.apimauth0.gateway;

import java.util.Map;
import java.util.TreeMap;

import javax.xml.namespace.QName;

import org.apache.axiom.om.OMAbstractFactory;
import org.apache.axiom.om.OMElement;
import org.apache.axiom.soap.SOAPEnvelope;
import org.apache.axiom.soap.SOAPFactory;
import org.apache.axis2.AxisFault;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2Sender;

/**
 * The gateway's own answer to a request it refuses: APIM 4.0.0's authentication-failure response (status, the
 * flat JSON body of {@code _auth_failure_handler_}, WWW-Authenticate, CORS headers, analytics properties), sent
 * back without a backend call.
 */
final class FaultResponse {

    private static final Log LOG = LogFactory.getLog(FaultResponse.class);

    // Axis2/Synapse property names shared by Apache Synapse and WSO2's fork.
    static final String HTTP_SC = "HTTP_SC";
    static final String NO_ENTITY_BODY = "NO_ENTITY_BODY";
    static final String MESSAGE_TYPE = "messageType";
    static final String CONTENT_TYPE = "ContentType";
    static final String MESSAGE_BUILDER_INVOKED = "message.builder.invoked";
    static final String CHARACTER_SET_ENCODING = "CHARACTER_SET_ENCODING";
    static final String JSON_UTF8 = "application/json; charset=UTF-8";
    static final QName TEXT_WRAPPER = new QName("http://ws.apache.org/commons/ns/payload", "text");

    // Synapse's SynapseConstants and APIM's property names (APIAuthenticationHandler.handleAuthFailure, 9.0.174).
    static final String ERROR_CODE = "ERROR_CODE";
    static final String ERROR_MESSAGE = "ERROR_MESSAGE";
    static final String ERROR_DETAIL = "ERROR_DETAIL";
    static final String HTTP_RESPONSE_STATUS_CODE = "HTTP_RESPONSE_STATUS_CODE";

    // CORSRequestHandler.setCORSHeaders's properties and the headers _cors_request_handler_ copies from them.
    static final String CORS_CONFIGURATION_ENABLED = "CORSConfiguration.Enabled";
    static final String ACCESS_CONTROL_ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ACCESS_CONTROL_ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ACCESS_CONTROL_ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String ACCESS_CONTROL_ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String ACCESS_CONTROL_EXPOSE_HEADERS = "Access-Control-Expose-Headers";

    /**
     * Answers the client directly, as APIM 4.0.0's authentication failure does: the request body is drained first
     * (bounded, see {@link RequestBodyDiscarder}), ERROR_CODE / ERROR_MESSAGE / ERROR_DETAIL are set for analytics,
     * and the body is the flat JSON of {@code _auth_failure_handler_}: {@code {"code":"900901","message":...,
     * "description":...}} with the code as a string. The JSON text is built here and written by the text/plain
     * formatter (PlainTextFormatter in APIM and in Apache Synapse alike), so no JSON formatter's XML-to-JSON
     * conversion can change its shape; Content-Type says application/json and the bytes are UTF-8 as labelled.
     * The response carries only our headers: no request header and no repeated one (EXCESS_TRANSPORT_HEADERS) is
     * echoed.
     */
    static void send(MessageContext synCtx, org.apache.axis2.context.MessageContext axis2Ctx,
                     HandlerSettings settings, TokenGuardFlow.Cors cors, int status, String wwwAuthenticate, int code,
                     String message, String description) {
        Map<String, Object> requestHeaders = RequestMessage.headers(axis2Ctx);
        String origin = requestHeaders == null ? null : stringOrNull(RequestMessage.getIgnoreCase(requestHeaders, "Origin"));
        boolean requestHasBody = requestHeaders != null && !Boolean.TRUE.equals(axis2Ctx.getProperty(NO_ENTITY_BODY))
                && (hasNonZeroLength(requestHeaders) || containsKeyIgnoreCase(requestHeaders, "Transfer-Encoding"));

        RequestBodyDiscarder.Outcome body = requestHasBody
                ? RequestBodyDiscarder.discard(axis2Ctx, settings.discardBodyMaxBytes())
                : RequestBodyDiscarder.Outcome.NONE;

        synCtx.setProperty(ERROR_CODE, code);
        synCtx.setProperty(ERROR_MESSAGE, message);
        synCtx.setProperty(ERROR_DETAIL, description);
        synCtx.setProperty(HTTP_RESPONSE_STATUS_CODE, status);

        Map<String, Object> responseHeaders = new TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER);
        if (wwwAuthenticate != null) {
            responseHeaders.put("WWW-Authenticate", wwwAuthenticate);
        }
        addCorsHeaders(synCtx, settings, cors, origin, responseHeaders);
        boolean drained = body == RequestBodyDiscarder.Outcome.DRAINED
                || (body == RequestBodyDiscarder.Outcome.NONE && axis2Ctx.getProperty(RequestBodyDiscarder.PASS_THROUGH_PIPE) != null);
        if (requestHasBody && !drained) {
            // the rest of the body stays unread: the connection cannot carry another request
            responseHeaders.put("Connection", "close");
        }
        responseHeaders.put("Content-Type", JSON_UTF8);
        axis2Ctx.setProperty(RequestMessage.TRANSPORT_HEADERS, responseHeaders);
        axis2Ctx.removeProperty(RequestMessage.EXCESS_TRANSPORT_HEADERS);

        try {
            synCtx.setEnvelope(textEnvelope(faultJson(code, message, description)));
        } catch (AxisFault e) {
            LOG.error("Cannot set the fault payload: " + e.getMessage());
        }
        axis2Ctx.setProperty(MESSAGE_TYPE, "text/plain");
        axis2Ctx.setProperty(CONTENT_TYPE, JSON_UTF8);
        axis2Ctx.setProperty(CHARACTER_SET_ENCODING, "UTF-8");
        axis2Ctx.setProperty(MESSAGE_BUILDER_INVOKED, Boolean.TRUE);
        axis2Ctx.removeProperty(NO_ENTITY_BODY);
        axis2Ctx.setProperty(HTTP_SC, status);
        synCtx.setTo(null);
        synCtx.setResponse(true);
        synCtx.setProperty("RESPONSE", "true");
        Axis2Sender.sendBack(synCtx);
    }

    /**
     * CORS headers of a rejection. API-level: what APIM's {@code _cors_request_handler_} sequence (4.0.0) copies,
     * from the properties CORSRequestHandler.setCORSHeaders set earlier in the same request. Global: the cors_*
     * settings, with the origin chosen as CORSRequestHandler.getAllowedOrigins chooses it.
     */
    private static void addCorsHeaders(MessageContext synCtx, HandlerSettings settings, TokenGuardFlow.Cors cors, String origin,
                                       Map<String, Object> out) {
        if (cors == TokenGuardFlow.Cors.FROM_APIM_PROPERTIES) {
            if (!"true".equals(String.valueOf(synCtx.getProperty(CORS_CONFIGURATION_ENABLED)))) {
                return;
            }
            copyProperty(synCtx, ACCESS_CONTROL_ALLOW_ORIGIN, out);
            copyProperty(synCtx, ACCESS_CONTROL_ALLOW_METHODS, out);
            copyProperty(synCtx, ACCESS_CONTROL_ALLOW_HEADERS, out);
            if ("true".equals(String.valueOf(synCtx.getProperty(ACCESS_CONTROL_ALLOW_CREDENTIALS)))) {
                out.put(ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
            copyProperty(synCtx, ACCESS_CONTROL_EXPOSE_HEADERS, out);
            return;
        }
        if (!settings.corsEnabled()) {
            return;
        }
        String allowed = settings.allowedOrigin(origin);
        if (allowed != null) {
            out.put(ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            if (settings.corsAllowCredentials() && !"*".equals(allowed)) {
                out.put(ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
        }
        if (!settings.corsAllowMethods().isEmpty()) {
            out.put(ACCESS_CONTROL_ALLOW_METHODS, settings.corsAllowMethods());
        }
        if (!settings.corsAllowHeaders().isEmpty()) {
            out.put(ACCESS_CONTROL_ALLOW_HEADERS, settings.corsAllowHeaders());
        }
    }

    private static void copyProperty(MessageContext synCtx, String name, Map<String, Object> out) {
        Object v = synCtx.getProperty(name);
        if (v != null && !String.valueOf(v).isEmpty()) {
            out.put(name, String.valueOf(v));
        }
    }

    /** {@code {"code":"<code>","message":"...","description":"..."}}, the shape of 4.0.0's _auth_failure_handler_. */
    static String faultJson(int code, String message, String description) {
        StringBuilder sb = new StringBuilder(96 + message.length() + description.length());
        sb.append("{\"code\":\"").append(code).append("\",\"message\":");
        jsonString(sb, message);
        sb.append(",\"description\":");
        jsonString(sb, description);
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** A SOAP envelope whose body is Axis2's plain-text wrapper around the text (what PlainTextFormatter writes). */
    static SOAPEnvelope textEnvelope(String text) {
        SOAPFactory soap = OMAbstractFactory.getSOAP11Factory();
        SOAPEnvelope envelope = soap.getDefaultEnvelope();
        OMElement wrapper = OMAbstractFactory.getOMFactory().createOMElement(TEXT_WRAPPER);
        wrapper.setText(text);
        envelope.getBody().addChild(wrapper);
        return envelope;
    }

    private static String stringOrNull(Object o) {
        return o == null ? null : o.toString();
    }

    private static boolean containsKeyIgnoreCase(Map<String, Object> map, String name) {
        return RequestMessage.getIgnoreCase(map, name) != null;
    }

    private static boolean hasNonZeroLength(Map<String, Object> headers) {
        Object length = RequestMessage.getIgnoreCase(headers, "Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.toString().trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private FaultResponse() {
    }
}
