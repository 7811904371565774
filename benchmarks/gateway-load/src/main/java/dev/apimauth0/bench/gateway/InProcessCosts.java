package dev.apimauth0.bench.gateway;

import dev.apimauth0.bench.support.Interleaved;
import dev.apimauth0.bench.support.Interleaved.Op;
import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;
import dev.apimauth0.gateway.embedded.EmbeddedGateway;

import org.apache.axiom.om.OMAbstractFactory;
import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.apache.synapse.rest.Handler;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the guard's parts cost inside this JVM, next to the load test: interleaved slices in one thread, CPU time per
 * operation, medians over rounds (as PairedRatios does for the JMH cases). Each operation builds the message context
 * a request arrives with (Axis2 and Synapse contexts, the transport headers with a fresh copy of the Authorization
 * header, as the transport reads it from the socket), so the differences between cases are the handler's own work.
 */
final class InProcessCosts {


    /** Median CPU ns per operation of each case. */
    static Map<String, Double> measure(EmbeddedGateway guarded, EmbeddedGateway open, String[] goodHeaders, String path,
                                       URI jwksUri, int rounds, long sliceMillis) throws Exception {
        Handler on = guardHandler(guarded);
        Handler off = guardHandler(open);
        char[][] raw = new char[goodHeaders.length][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = goodHeaders[i].toCharArray();
        }
        int mask = goodHeaders.length - 1;
        String[] values = {"CLIENT@clients", "CLIENT", "read:orders write:orders admin", BenchTokens.AUDIENCE,
                BenchTokens.ISSUER, "1999999999", "auth0", "0123456789ab"};
        String[] names = {"apim_auth0.sub", "apim_auth0.azp", "apim_auth0.scope", "apim_auth0.aud", "apim_auth0.iss",
                "apim_auth0.exp", "apim_auth0.provider", "apim_auth0.token_hash"};
        try (TokenGuard guard = TokenGuards.create(TokenGuardConfig.builder()
                .provider(ProviderConfig.builder("auth0").issuer(BenchTokens.ISSUER).audience(BenchTokens.AUDIENCE)
                        .jwksUri(jwksUri).build())
                .auth0OnlyPath("/orders").build())) {
            for (String h : goodHeaders) {
                if (guard.check(h, path).outcome() != GuardDecision.Outcome.ACCEPTED) {
                    throw new IllegalStateException("the in-process guard does not accept the load test's tokens");
                }
            }
            Map<String, Op> cases = new LinkedHashMap<>();
            cases.put("message context only", i -> context(guarded, new String(raw[i & mask]), path).hashCode());
            cases.put("handler, guard off", i -> off.handleRequest(context(open, new String(raw[i & mask]), path)) ? 1 : 0);
            cases.put("handler, guard on", i -> {
                MessageContext c = context(guarded, new String(raw[i & mask]), path);
                // the path is Auth0-only: a token the guard did not accept is refused (false), never passed on
                if (!on.handleRequest(c)) {
                    throw new IllegalStateException("the guarded handler did not accept a good token");
                }
                return 1;
            });
            cases.put("8 property writes", i -> {
                MessageContext c = context(guarded, new String(raw[i & mask]), path);
                for (int k = 0; k < names.length; k++) {
                    c.setProperty(names[k], values[k]);
                }
                return c.hashCode();
            });
            cases.put("guard.check cache hit, same header string (the JMH case)",
                    i -> guard.check(goodHeaders[i & mask], path).httpStatus());
            cases.put("guard.check cache hit, fresh header string",
                    i -> guard.check(new String(raw[i & mask]), path).httpStatus());
            cases.put("fresh header string only", i -> new String(raw[i & mask]).length());

            Map<String, double[]> perOp = Interleaved.rounds(cases, 3, 300, rounds, sliceMillis, 16, 7);
            Map<String, Double> out = new LinkedHashMap<>();
            for (String n : cases.keySet()) {
                out.put(n, Interleaved.median(perOp.get(n)));
            }
            // per-round differences, so drift between rounds cancels
            out.put("handler on - off", medianDiff(perOp.get("handler, guard on"), perOp.get("handler, guard off")));
            out.put("property writes", medianDiff(perOp.get("8 property writes"), perOp.get("message context only")));
            out.put("cache hit, fresh string", medianDiff(perOp.get("guard.check cache hit, fresh header string"),
                    perOp.get("fresh header string only")));
            return out;
        }
    }

    static String report(Map<String, Double> m, int rounds, long sliceMillis) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nIn-process costs, same JVM (1 thread, %d rounds of %d ms interleaved slices, CPU time, median):%n%n",
                rounds, sliceMillis));
        sb.append("| case | CPU ns/op |\n|---|---|\n");
        for (Map.Entry<String, Double> e : m.entrySet()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.0f |%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    private static Handler guardHandler(EmbeddedGateway g) {
        for (Handler h : g.handlers()) {
            if (h instanceof dev.apimauth0.gateway.Auth0TokenGuardHandler) {
                return h;
            }
        }
        throw new IllegalStateException("no guard handler on the API");
    }

    /** The contexts a request reaches the API handlers with: transport headers, the path properties, an envelope. */
    private static MessageContext context(EmbeddedGateway g, String authorization, String path) throws Exception {
        org.apache.axis2.context.MessageContext ax = new org.apache.axis2.context.MessageContext();
        ax.setConfigurationContext(g.configurationContext());
        Map<String, Object> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", "127.0.0.1");
        headers.put("Accept", "application/json");
        headers.put("Authorization", authorization);
        ax.setProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS, headers);
        ax.setProperty("TransportInURL", path);
        ax.setProperty("REST_URL_POSTFIX", path.substring(1));
        ax.setProperty("HTTP_METHOD", "GET");
        ax.setEnvelope(OMAbstractFactory.getSOAP11Factory().getDefaultEnvelope());
        MessageContext synCtx = new Axis2MessageContext(ax, g.synapseConfiguration(), g.synapseEnvironment());
        synCtx.setProperty("REST_FULL_REQUEST_PATH", path);
        return synCtx;
    }

    private static double medianDiff(double[] a, double[] b) {
        return Interleaved.median(Interleaved.difference(a, b));
    }

    private InProcessCosts() {
    }
}
