package dev.apimauth0.gateway;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.namespace.QName;

import org.apache.axiom.om.OMAbstractFactory;
import org.apache.axiom.om.OMElement;
import org.apache.axiom.om.OMFactory;
import org.apache.axiom.om.OMNamespace;
import org.apache.axiom.soap.SOAPEnvelope;
import org.apache.axiom.soap.SOAPFactory;
import org.apache.axis2.AxisFault;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.apache.synapse.core.axis2.Axis2Sender;

import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.VerifiedToken;

/**
 * What both handlers do with one inbound request: ask the guard, then let the request go on (with the verified
 * claims as message properties) or answer the client directly, in APIM's fault format, without a backend call.
 */
final class TokenGuardFlow {

    private static final Log LOG = LogFactory.getLog(TokenGuardFlow.class);

    /** Message-context properties set for an accepted token (read by mediation, logs, analytics). */
    static final String PROPERTY_PREFIX = "apim_auth0.";
    static final String PROP_SUB = PROPERTY_PREFIX + "sub";
    static final String PROP_AZP = PROPERTY_PREFIX + "azp";
    static final String PROP_SCOPE = PROPERTY_PREFIX + "scope";
    static final String PROP_AUD = PROPERTY_PREFIX + "aud";
    static final String PROP_ISS = PROPERTY_PREFIX + "iss";
    static final String PROP_EXP = PROPERTY_PREFIX + "exp";
    static final String PROP_PROVIDER = PROPERTY_PREFIX + "provider";
    static final String PROP_TOKEN_HASH = PROPERTY_PREFIX + "token_hash";

    // Axis2/Synapse property names shared by Apache Synapse and WSO2's fork.
    static final String TRANSPORT_HEADERS = "TRANSPORT_HEADERS";
    static final String HTTP_SC = "HTTP_SC";
    static final String NO_ENTITY_BODY = "NO_ENTITY_BODY";
    static final String MESSAGE_TYPE = "messageType";
    static final String CONTENT_TYPE = "ContentType";
    static final String MESSAGE_BUILDER_INVOKED = "message.builder.invoked";
    static final String REST_FULL_REQUEST_PATH = "REST_FULL_REQUEST_PATH";
    static final String TRANSPORT_IN_URL = "TransportInURL";
    static final String HTTP_METHOD = "HTTP_METHOD";

    // APIM 4.0.0 fault codes and messages (org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityConstants).
    static final int API_AUTH_GENERAL_ERROR = 900900;
    static final int API_AUTH_INVALID_CREDENTIALS = 900901;
    static final int API_AUTH_MISSING_CREDENTIALS = 900902;
    static final int API_AUTH_ACCESS_TOKEN_EXPIRED = 900903;
    static final int INVALID_SCOPE = 900910;
    static final String API_SECURITY_NS = "http://wso2.org/apimanager/security";

    private TokenGuardFlow() {
    }

    /**
     * Runs the guard on one request.
     *
     * @return true to continue the flow; false when the response was sent here
     */
    static boolean handle(MessageContext synCtx, TokenGuard guard, String handlerName) {
        org.apache.axis2.context.MessageContext axis2Ctx = ((Axis2MessageContext) synCtx).getAxis2MessageContext();
        String header = header(axis2Ctx, "Authorization");
        if (header == null && "OPTIONS".equalsIgnoreCase(String.valueOf(axis2Ctx.getProperty(HTTP_METHOD)))) {
            // CORS preflights never carry credentials; APIM's CORS handler answers them
            return true;
        }
        String path = requestPath(synCtx, axis2Ctx);
        GuardDecision decision;
        try {
            decision = guard.check(guardedHeader(header), path);
        } catch (RuntimeException e) {
            // Fail closed: an internal error must never let a request through unchecked.
            LOG.error(handlerName + ": token check failed internally on " + path + "; request rejected: " + e);
            sendFault(synCtx, axis2Ctx, 500, null, API_AUTH_GENERAL_ERROR, "Unclassified Authentication Failure",
                    "The gateway could not check the access token");
            return false;
        }
        switch (decision.outcome()) {
            case ACCEPTED:
                exposeClaims(synCtx, decision.token());
                return true;
            case PASS_THROUGH:
                return true;
            case REJECTED:
            default:
                reject(synCtx, axis2Ctx, decision, header, path, handlerName);
                return false;
        }
    }

    /**
     * The Authorization value the guard judges: the same token APIM's OAuthAuthenticator (9.0.174) will take from
     * this header. APIM splits the header at commas and spaces, takes the element after the last {@code Bearer}
     * element anywhere in it, and strips double quotes; a header such as {@code Basic x, Bearer <forged>},
     * {@code Bearer <good> Bearer <forged>} or {@code Bearer "<forged>"} would otherwise look like no Bearer JWT (or
     * a good one) to the guard while APIM's own, fail-open JWT path validates the forged token.
     */
    static String guardedHeader(String header) {
        if (header == null || isPlainBearer(header)) {
            return header;
        }
        String token = apimBearerToken(header);
        return token == null || token.isEmpty() ? header : "Bearer " + token;
    }

    /** "Bearer", spaces, one run of characters without space, comma or quote, then only trailing blanks. */
    private static boolean isPlainBearer(String h) {
        if (!h.startsWith("Bearer ")) {
            return false;
        }
        int len = h.length();
        int i = 7;
        while (i < len && h.charAt(i) == ' ') {
            i++;
        }
        int tokenStart = i;
        while (i < len) {
            char c = h.charAt(i);
            if (c <= ' ' || c == ',' || c == '"') {
                break;
            }
            i++;
        }
        if (i == tokenStart) {
            return false;
        }
        while (i < len && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
            i++;
        }
        return i == len;
    }

    /**
     * The token APIM's OAuthAuthenticator.extractCustomerKeyFromAuthHeader extracts (default splitter ",", segment
     * delimiter " ", segment name "Bearer"), or null when it would find none.
     */
    static String apimBearerToken(String header) {
        String token = null;
        for (String part : header.split(",")) {
            String[] elements = part.split(" ");
            if (elements.length < 2) {
                continue;
            }
            boolean afterBearer = false;
            for (String element : elements) {
                String e = element.trim();
                if (e.isEmpty()) {
                    continue;
                }
                if ("Bearer".equals(e)) {
                    afterBearer = true;
                } else if (afterBearer) {
                    token = e.startsWith("\"") || e.endsWith("\"") ? e.replace("\"", "").trim() : e;
                }
            }
        }
        return token;
    }

    static void exposeClaims(MessageContext synCtx, VerifiedToken token) {
        synCtx.setProperty(PROP_SUB, token.subject());
        if (token.authorizedParty() != null) {
            synCtx.setProperty(PROP_AZP, token.authorizedParty());
        }
        synCtx.setProperty(PROP_SCOPE, String.join(" ", token.scopes()));
        synCtx.setProperty(PROP_AUD, String.join(",", token.audiences()));
        synCtx.setProperty(PROP_ISS, token.issuer());
        synCtx.setProperty(PROP_EXP, String.valueOf(token.expiresAt()));
        synCtx.setProperty(PROP_PROVIDER, token.providerName());
        synCtx.setProperty(PROP_TOKEN_HASH, token.tokenHash());
    }

    private static void reject(MessageContext synCtx, org.apache.axis2.context.MessageContext axis2Ctx,
                               GuardDecision decision, String header, String path, String handlerName) {
        Reason reason = decision.reason();
        if (LOG.isDebugEnabled()) {
            LOG.debug(handlerName + ": rejected token " + shortHash(header) + " on " + path + ": "
                    + (reason == null ? "unknown" : reason.code()) + " (" + decision.description() + ")");
        }
        int code;
        String message;
        if (reason == Reason.TOKEN_MISSING) {
            code = API_AUTH_MISSING_CREDENTIALS;
            message = "Missing Credentials";
        } else if (reason == Reason.TOKEN_EXPIRED) {
            code = API_AUTH_ACCESS_TOKEN_EXPIRED;
            message = "Access Token Expired";
        } else if (reason == Reason.SCOPE_INSUFFICIENT) {
            code = INVALID_SCOPE;
            message = "The access token does not allow you to access the requested resource";
        } else {
            code = API_AUTH_INVALID_CREDENTIALS;
            message = "Invalid Credentials";
        }
        int status = decision.httpStatus() > 0 ? decision.httpStatus() : (reason != null ? reason.httpStatus() : 401);
        String description = decision.description() != null ? decision.description() : message;
        sendFault(synCtx, axis2Ctx, status, decision.wwwAuthenticate(), code, message, description);
    }

    /**
     * A short, non-reversible hash of the credential for logs ("-" when there is none), never the token: the first
     * 12 hex characters of the SHA-256 of the token (the header without its scheme), as core's own log lines show it.
     */
    static String shortHash(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.trim().isEmpty()) {
            return "-";
        }
        String credential = authorizationHeader.trim();
        int space = credential.indexOf(' ');
        if (space > 0) {
            credential = credential.substring(space + 1).trim();
        }
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest(credential.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(12);
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            return "?";
        }
    }

    /**
     * Answers the client directly. Mirrors APIM's own authentication failure: a fault element in the body
     * ({@code <ams:fault><ams:code/><ams:message/><ams:description/></ams:fault>}), which the gateway's JSON formatter
     * writes as {@code {"fault":{"code":...,"message":...,"description":...}}}, the status, and only our headers.
     */
    static void sendFault(MessageContext synCtx, org.apache.axis2.context.MessageContext axis2Ctx, int status,
                          String wwwAuthenticate, int code, String message, String description) {
        Map<String, Object> requestHeaders = headers(axis2Ctx);
        boolean requestHasBody = requestHeaders != null
                && (hasNonZeroLength(requestHeaders) || containsKeyIgnoreCase(requestHeaders, "Transfer-Encoding"));
        String accept = requestHeaders == null ? null : (String) getIgnoreCase(requestHeaders, "Accept");

        Map<String, Object> responseHeaders = new TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER);
        if (wwwAuthenticate != null) {
            responseHeaders.put("WWW-Authenticate", wwwAuthenticate);
        }
        if (requestHasBody) {
            // The unread request body stays on the connection: close it rather than read an attacker's payload.
            responseHeaders.put("Connection", "close");
        }
        String messageType = accept != null && isXml(accept) ? "application/xml" : "application/json";
        // With transport headers present the pass-through transport takes Content-Type from them, not the formatter.
        responseHeaders.put("Content-Type", messageType + "; charset=UTF-8");
        axis2Ctx.setProperty(TRANSPORT_HEADERS, responseHeaders);

        try {
            synCtx.setEnvelope(faultEnvelope(code, message, description));
        } catch (AxisFault e) {
            LOG.error("Cannot set the fault payload: " + e.getMessage());
        }
        axis2Ctx.setProperty(MESSAGE_TYPE, messageType);
        axis2Ctx.setProperty(CONTENT_TYPE, messageType);
        axis2Ctx.setProperty(MESSAGE_BUILDER_INVOKED, Boolean.TRUE);
        axis2Ctx.removeProperty(NO_ENTITY_BODY);
        axis2Ctx.setProperty(HTTP_SC, status);
        synCtx.setTo(null);
        synCtx.setResponse(true);
        synCtx.setProperty("RESPONSE", "true");
        Axis2Sender.sendBack(synCtx);
    }

    static SOAPEnvelope faultEnvelope(int code, String message, String description) {
        SOAPFactory soap = OMAbstractFactory.getSOAP11Factory();
        SOAPEnvelope envelope = soap.getDefaultEnvelope();
        OMFactory om = OMAbstractFactory.getOMFactory();
        OMNamespace ns = om.createOMNamespace(API_SECURITY_NS, "ams");
        OMElement fault = om.createOMElement(new QName(API_SECURITY_NS, "fault", "ams"));
        OMElement codeElement = om.createOMElement("code", ns);
        codeElement.setText(String.valueOf(code));
        fault.addChild(codeElement);
        OMElement messageElement = om.createOMElement("message", ns);
        messageElement.setText(message);
        fault.addChild(messageElement);
        OMElement descriptionElement = om.createOMElement("description", ns);
        descriptionElement.setText(description);
        fault.addChild(descriptionElement);
        envelope.getBody().addChild(fault);
        return envelope;
    }

    private static boolean isXml(String accept) {
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        return (a.contains("application/xml") || a.contains("text/xml")) && !a.contains("json");
    }

    /** The request path with the query removed (API context included), for scope rules and Auth0-only paths. */
    static String requestPath(MessageContext synCtx, org.apache.axis2.context.MessageContext axis2Ctx) {
        Object full = synCtx.getProperty(REST_FULL_REQUEST_PATH);
        String path = full instanceof String ? (String) full : null;
        if (path == null) {
            Object in = axis2Ctx.getProperty(TRANSPORT_IN_URL);
            path = in instanceof String ? (String) in : null;
        }
        if (path == null && axis2Ctx.getTo() != null) {
            path = axis2Ctx.getTo().getAddress();
        }
        if (path == null || path.isEmpty()) {
            return "/";
        }
        // the query and fragment first: WSO2's fork keeps the query in both path properties, and a "://" in it
        // (?redirect_uri=https://...) must not be taken for the scheme of an absolute URL
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        int scheme = path.indexOf("://");
        if (scheme > 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path.isEmpty() ? "/" : path;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> headers(org.apache.axis2.context.MessageContext axis2Ctx) {
        Object headers = axis2Ctx.getProperty(TRANSPORT_HEADERS);
        return headers instanceof Map ? (Map<String, Object>) headers : null;
    }

    static String header(org.apache.axis2.context.MessageContext axis2Ctx, String name) {
        Map<String, Object> headers = headers(axis2Ctx);
        if (headers == null) {
            return null;
        }
        Object value = getIgnoreCase(headers, name);
        return value == null ? null : value.toString();
    }

    private static Object getIgnoreCase(Map<String, Object> map, String name) {
        Object value = map.get(name);
        if (value != null) {
            return value;
        }
        for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean containsKeyIgnoreCase(Map<String, Object> map, String name) {
        return getIgnoreCase(map, name) != null;
    }

    private static boolean hasNonZeroLength(Map<String, Object> headers) {
        Object length = getIgnoreCase(headers, "Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.toString().trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
