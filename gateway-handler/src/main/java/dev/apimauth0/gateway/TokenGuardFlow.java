package dev.apimauth0.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2MessageContext;

import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenHash;
import dev.apimauth0.core.token.VerifiedToken;

/**
 * What both handlers do with one inbound request: read the credential as APIM will, ask the guard, then let the
 * request go on (with the verified claims as message properties) or answer the client directly
 * ({@link FaultResponse}), without a backend call. What is read from the request: {@link RequestMessage}.
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
        Map<String, Object> headers = RequestMessage.headers(axis2Ctx);
        // the credential headers present, in order (usually one name, one value: no list is built for it)
        String single = null;
        List<String> credentials = null;
        int count = 0;
        if (headers != null) {
            for (int n = 0; n < headerNames.size(); n++) {
                Object v = RequestMessage.getIgnoreCase(headers, headerNames.get(n));
                if (v == null) {
                    continue;
                }
                String value = v.toString();
                if (count == 0) {
                    single = value;
                } else {
                    if (credentials == null) {
                        credentials = new ArrayList<String>(2);
                        credentials.add(single);
                    }
                    credentials.add(value);
                }
                count++;
            }
        }
        String path = RequestMessage.requestPath(synCtx, axis2Ctx);
        String clientPath = RequestMessage.clientPath(axis2Ctx, path);
        if (count == 0 && "OPTIONS".equalsIgnoreCase(String.valueOf(axis2Ctx.getProperty(RequestMessage.HTTP_METHOD)))) {
            // CORS preflights never carry credentials; APIM's CORS handler answers them
            return true;
        }
        String duplicate = repeatedBearerHeader(axis2Ctx, headerNames);
        if (duplicate != null) {
            // APIM authenticates with one of the values and the backend receives all of them
            if (LOG.isDebugEnabled()) {
                LOG.debug(handlerName + ": rejected request on " + path + ": duplicate_authorization (" + duplicate + ")");
            }
            FaultResponse.send(synCtx, axis2Ctx, settings, cors, 400, duplicateChallenge(settings, duplicate),
                    API_AUTH_INVALID_CREDENTIALS, "Invalid Credentials",
                    "The request carries more than one " + duplicate + " header; send exactly one credential");
            return false;
        }
        GuardDecision accepted = null;
        AcceptedHeaders.Entry acceptedSeen = null;
        String acceptedHeader = null;
        for (int i = 0; i < Math.max(1, count); i++) {
            String header = count == 0 ? null : credentials == null ? single : credentials.get(i);
            // a header accepted before is plain (so APIM reads the same token from it) and its remembered instance
            // lets the guard's cache match the token by identity: one comparison of the header in all
            AcceptedHeaders.Entry seen = header == null ? null : AcceptedHeaders.find(header);
            boolean plain = seen != null || (header != null && isPlainBearer(header));
            String judged = seen != null ? seen.header : plain ? header : guardedHeader(header);
            GuardDecision decision;
            try {
                decision = guard.check(judged, path, clientPath);
            } catch (RuntimeException e) {
                // Fail closed: an internal error must never let a request through unchecked.
                LOG.error(handlerName + ": token check failed internally on " + path + "; request rejected: " + e);
                FaultResponse.send(synCtx, axis2Ctx, settings, cors, 500, null, API_AUTH_GENERAL_ERROR,
                        "Unclassified Authentication Failure", "The gateway could not check the access token");
                return false;
            }
            if (decision.outcome() == GuardDecision.Outcome.REJECTED) {
                reject(synCtx, axis2Ctx, settings, cors, decision, header, path, handlerName);
                return false;
            }
            if (decision.outcome() == GuardDecision.Outcome.ACCEPTED && accepted == null) {
                accepted = decision;
                acceptedSeen = seen;
                // only a plain Bearer header is remembered: APIM reads the same token from it
                acceptedHeader = seen == null && plain ? header : null;
            }
        }
        if (accepted != null) {
            VerifiedToken token = accepted.token();
            ClaimProperties claims = acceptedSeen != null
                    && java.util.Objects.equals(acceptedSeen.claims.providerName, token.providerName())
                    ? acceptedSeen.claims : null;
            if (claims == null) {
                claims = ClaimProperties.of(token);
                if (acceptedSeen != null) {
                    AcceptedHeaders.put(acceptedSeen.header, claims);
                } else if (acceptedHeader != null) {
                    AcceptedHeaders.put(acceptedHeader, claims);
                }
            }
            claims.setOn(synCtx, settings.claimProperties());
        }
        return true;
    }

    /**
     * The name of a credential header that the request carries more than once with a Bearer value among them, or
     * null. The transport keeps the first value in TRANSPORT_HEADERS and the repeats in EXCESS_TRANSPORT_HEADERS
     * (a multi-value map), in WSO2's fork and Apache Synapse alike.
     */
    static String repeatedBearerHeader(org.apache.axis2.context.MessageContext axis2Ctx, List<String> headerNames) {
        // the transport sets it on the request's own context: a local read, not a walk up the context hierarchy,
        // which is what an absent property (no repeated header, the usual case) would otherwise cost on every request
        Object excess = axis2Ctx.getLocalProperty(RequestMessage.EXCESS_TRANSPORT_HEADERS);
        if (!(excess instanceof Map) || ((Map<?, ?>) excess).isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> repeats = (Map<String, Object>) excess;
        for (String name : headerNames) {
            Object more = RequestMessage.getIgnoreCase(repeats, name);
            if (more == null) {
                continue;
            }
            List<String> values = new ArrayList<String>();
            String first = RequestMessage.header(axis2Ctx, name);
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
        FaultResponse.send(synCtx, axis2Ctx, settings, cors, status, decision.wwwAuthenticate(), code, message, description);
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

}
