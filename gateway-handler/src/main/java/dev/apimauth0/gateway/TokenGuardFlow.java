package dev.apimauth0.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
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
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.apache.synapse.core.axis2.Axis2Sender;

import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenHash;
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
    static final String REST_URL_POSTFIX = "REST_URL_POSTFIX";
    static final String HTTP_METHOD = "HTTP_METHOD";
    static final String EXCESS_TRANSPORT_HEADERS = "EXCESS_TRANSPORT_HEADERS";
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

    // APIM 4.0.0 fault codes and messages (org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityConstants).
    static final int API_AUTH_GENERAL_ERROR = 900900;
    static final int API_AUTH_INVALID_CREDENTIALS = 900901;
    static final int API_AUTH_MISSING_CREDENTIALS = 900902;
    static final int API_AUTH_ACCESS_TOKEN_EXPIRED = 900903;
    static final int INVALID_SCOPE = 900910;

    private TokenGuardFlow() {
    }

    /** Where a rejection's CORS headers come from. */
    enum Cors {
        /** API-level handler: the properties APIM's CORSRequestHandler set, copied as _cors_request_handler_ does. */
        FROM_APIM_PROPERTIES,
        /** Global handler (the API is not known yet): the cors_* settings. */
        FROM_SETTINGS
    }

    /**
     * Runs the guard on one request.
     *
     * @param headerNames the request headers the credential is read from (APIM reads one: the API's custom
     *                    authorization header, else the gateway's configured one, else Authorization)
     * @return true to continue the flow; false when the response was sent here
     */
    static boolean handle(MessageContext synCtx, TokenGuard guard, String handlerName, HandlerSettings settings,
                          List<String> headerNames, Cors cors) {
        if (!settings.guardEnabled()) {
            return true;
        }
        org.apache.axis2.context.MessageContext axis2Ctx = ((Axis2MessageContext) synCtx).getAxis2MessageContext();
        List<String> credentials = new ArrayList<String>(1);
        for (String name : headerNames) {
            String value = header(axis2Ctx, name);
            if (value != null) {
                credentials.add(value);
            }
        }
        String path = requestPath(synCtx, axis2Ctx);
        String clientPath = clientPath(axis2Ctx);
        if (credentials.isEmpty() && "OPTIONS".equalsIgnoreCase(String.valueOf(axis2Ctx.getProperty(HTTP_METHOD)))) {
            // CORS preflights never carry credentials; APIM's CORS handler answers them
            return true;
        }
        String duplicate = repeatedBearerHeader(axis2Ctx, headerNames);
        if (duplicate != null) {
            // APIM authenticates with one of the values and the backend receives all of them
            if (LOG.isDebugEnabled()) {
                LOG.debug(handlerName + ": rejected request on " + path + ": duplicate_authorization (" + duplicate + ")");
            }
            sendFault(synCtx, axis2Ctx, settings, cors, 400, duplicateChallenge(settings, duplicate),
                    API_AUTH_INVALID_CREDENTIALS, "Invalid Credentials",
                    "The request carries more than one " + duplicate + " header; send exactly one credential");
            return false;
        }
        GuardDecision accepted = null;
        String checkedHeader = null;
        for (int i = 0; i < Math.max(1, credentials.size()); i++) {
            String header = credentials.isEmpty() ? null : credentials.get(i);
            GuardDecision decision;
            try {
                decision = guard.check(guardedHeader(header), path, clientPath);
            } catch (RuntimeException e) {
                // Fail closed: an internal error must never let a request through unchecked.
                LOG.error(handlerName + ": token check failed internally on " + path + "; request rejected: " + e);
                sendFault(synCtx, axis2Ctx, settings, cors, 500, null, API_AUTH_GENERAL_ERROR,
                        "Unclassified Authentication Failure", "The gateway could not check the access token");
                return false;
            }
            if (decision.outcome() == GuardDecision.Outcome.REJECTED) {
                reject(synCtx, axis2Ctx, settings, cors, decision, header, path, handlerName);
                return false;
            }
            if (decision.outcome() == GuardDecision.Outcome.ACCEPTED && accepted == null) {
                accepted = decision;
                checkedHeader = header;
            }
        }
        if (accepted != null && checkedHeader != null) {
            exposeClaims(synCtx, accepted.token());
        }
        return true;
    }

    /**
     * The name of a credential header that the request carries more than once with a Bearer value among them, or
     * null. The transport keeps the first value in TRANSPORT_HEADERS and the repeats in EXCESS_TRANSPORT_HEADERS
     * (a multi-value map), in WSO2's fork and Apache Synapse alike.
     */
    static String repeatedBearerHeader(org.apache.axis2.context.MessageContext axis2Ctx, List<String> headerNames) {
        Object excess = axis2Ctx.getProperty(EXCESS_TRANSPORT_HEADERS);
        if (!(excess instanceof Map) || ((Map<?, ?>) excess).isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> repeats = (Map<String, Object>) excess;
        for (String name : headerNames) {
            Object more = getIgnoreCase(repeats, name);
            if (more == null) {
                continue;
            }
            List<String> values = new ArrayList<String>();
            String first = header(axis2Ctx, name);
            if (first != null) {
                values.add(first);
            }
            if (more instanceof Collection) {
                for (Object v : (Collection<?>) more) {
                    values.add(String.valueOf(v));
                }
            } else {
                values.add(String.valueOf(more));
            }
            if (values.size() < 2) {
                continue;
            }
            for (String v : values) {
                if (v.trim().regionMatches(true, 0, "Bearer", 0, 6) || apimBearerToken(v) != null) {
                    return name;
                }
            }
        }
        return null;
    }

    private static String duplicateChallenge(HandlerSettings settings, String header) {
        return "Bearer realm=\"" + settings.realm() + "\", error=\"invalid_request\", error_description=\"more than one "
                + header + " header\"";
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
                               HandlerSettings settings, Cors cors, GuardDecision decision, String header, String path,
                               String handlerName) {
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
        sendFault(synCtx, axis2Ctx, settings, cors, status, decision.wwwAuthenticate(), code, message, description);
    }

    /**
     * A short, non-reversible hash of the credential for logs ("-" when there is none), never the token: core's
     * {@link TokenHash} of the token (the header without its scheme), as core's own log lines show it.
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
        return TokenHash.of(credential);
    }

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
    static void sendFault(MessageContext synCtx, org.apache.axis2.context.MessageContext axis2Ctx,
                          HandlerSettings settings, Cors cors, int status, String wwwAuthenticate, int code,
                          String message, String description) {
        Map<String, Object> requestHeaders = headers(axis2Ctx);
        String origin = requestHeaders == null ? null : stringOrNull(getIgnoreCase(requestHeaders, "Origin"));
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
        axis2Ctx.setProperty(TRANSPORT_HEADERS, responseHeaders);
        axis2Ctx.removeProperty(EXCESS_TRANSPORT_HEADERS);

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
    private static void addCorsHeaders(MessageContext synCtx, HandlerSettings settings, Cors cors, String origin,
                                       Map<String, Object> out) {
        if (cors == Cors.FROM_APIM_PROPERTIES) {
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

    /**
     * The request path for scope rules and Auth0-only paths (API context included), without query and fragment.
     * WSO2's fork puts the query into REST_FULL_REQUEST_PATH and TransportInURL, so the query and fragment come off
     * first: a {@code ://} inside them ({@code ?redirect_uri=https://app/cb}) must never be read as a scheme.
     */
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
        return pathOnly(path);
    }

    /**
     * The path as the client sent it, from the transport's REST_URL_POSTFIX (the request URI, set by the fork's
     * ServerWorker.processHttpRequestUri), or null. APIM's DefaultAPIHandler, which runs before any configured global
     * handler, rewrites TransportInURL of a default-version call to the versioned context and drops
     * REST_FULL_REQUEST_PATH, but leaves this property alone: path rules then see both spellings.
     */
    static String clientPath(org.apache.axis2.context.MessageContext axis2Ctx) {
        Object postfix = axis2Ctx.getProperty(REST_URL_POSTFIX);
        if (!(postfix instanceof String) || ((String) postfix).isEmpty()) {
            return null;
        }
        String p = pathOnly((String) postfix);
        return p.startsWith("/") ? p : "/" + p;
    }

    /** The path of a request target: query and fragment removed first, then scheme and authority of an absolute URI. */
    static String pathOnly(String target) {
        if (target == null) {
            return "/";
        }
        // the query and fragment first: WSO2's fork keeps the query in both path properties, and a "://" in it
        // (?redirect_uri=https://...) must not be taken for the scheme of an absolute URL
        String path = target;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        int scheme = path.indexOf("://");
        if (scheme > 0 && path.indexOf('/') > scheme) {
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
