package dev.apimauth0.gateway;

import java.util.Iterator;
import java.util.Map;

import org.apache.synapse.MessageContext;

/** What the guard reads from an inbound request's message contexts: its path, as rules see it, and its headers. */
final class RequestMessage {

    // Axis2/Synapse property names shared by Apache Synapse and WSO2's fork.
    static final String TRANSPORT_HEADERS = "TRANSPORT_HEADERS";
    static final String REST_FULL_REQUEST_PATH = "REST_FULL_REQUEST_PATH";
    static final String TRANSPORT_IN_URL = "TransportInURL";
    static final String REST_URL_POSTFIX = "REST_URL_POSTFIX";
    static final String HTTP_METHOD = "HTTP_METHOD";
    static final String EXCESS_TRANSPORT_HEADERS = "EXCESS_TRANSPORT_HEADERS";

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
     * REST_FULL_REQUEST_PATH, but leaves this property alone: path rules then see both spellings. Null as well when
     * the client's path is {@code requestPath} itself (the usual case): there is no second spelling to judge, and
     * nothing is copied for it.
     */
    static String clientPath(org.apache.axis2.context.MessageContext axis2Ctx, String requestPath) {
        // set by the transport on the request's own context: read locally, as EXCESS_TRANSPORT_HEADERS
        Object postfix = axis2Ctx.getLocalProperty(REST_URL_POSTFIX);
        if (!(postfix instanceof String) || ((String) postfix).isEmpty()) {
            return null;
        }
        String raw = (String) postfix;
        if (sameAs(raw, requestPath)) {
            return null;
        }
        String p = pathOnly(raw);
        return p.startsWith("/") ? p : "/" + p;
    }

    /**
     * Whether {@link #pathOnly} of {@code raw}, with a leading / added, is {@code path}, for a raw path with no
     * scheme in it (an absolute URI takes the full way).
     */
    private static boolean sameAs(String raw, String path) {
        int end = raw.length();
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
            if (c == ':') {
                return false;
            }
        }
        if (raw.startsWith("/")) {
            return end == path.length() && raw.regionMatches(0, path, 0, end);
        }
        return end + 1 == path.length() && path.charAt(0) == '/' && raw.regionMatches(0, path, 1, end);
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

    static Object getIgnoreCase(Map<String, Object> map, String name) {
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

    private RequestMessage() {
    }
}
