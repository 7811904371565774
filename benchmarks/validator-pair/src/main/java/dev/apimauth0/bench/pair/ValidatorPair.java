package dev.apimauth0.bench.pair;

import dev.apimauth0.bench.support.Interleaved;
import dev.apimauth0.bench.support.Interleaved.Op;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.GuardMetrics;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;
import dev.apimauth0.validator.Auth0JwtValidator;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.Signature;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntBiFunction;

/**
 * The gateway guard and the project's JWT validator on one token, next to APIM 4.0.0's own JWT path on the same
 * token, for a token seen for the first time and for a repeated one. The node runs both of ours: the Synapse guard
 * checks the Authorization header, then APIM's JWT path hands the validator a SignedJWTInfo it parsed with nimbus
 * 7.3 (OAuthAuthenticator.getSignedJwt, 9.0.174). With the same tenant settings the validator verifies with the
 * gateway's guard (published on the node as the gateway handlers publish it), so a new token costs one RSA verify.
 * <p>
 * Twice: first with the guard and the validator in one class loader, then as deployed, where each bundle embeds its
 * own copy of core: the guard is created, published and called in a second copy of core in a class loader of its
 * own over the same jars ({@link GatewayBundle}), and the validator reaches it through NodeGuards' JDK-typed view.
 * <p>
 * Cases run interleaved in short slices, round after round in shuffled order, one thread, CPU time per operation;
 * ratios are taken within each round and their median reported (robust to a busy machine).
 * <p>
 * {@code java -jar benchmarks/validator-pair/target/validator-pair.jar [rounds] [sliceMillis]}
 */
public final class ValidatorPair {

    private static final String PATH = "/orders/v1/items/42";
    private static final int POOL = 64;
    private static final String OWN_STRINGS_PAIR = "pair repeat sight, each request's own header and token strings";
    private static final String DEPLOYED_REPEAT = "deployed pair repeat sight: guard.check + validateToken (ours)";
    private static final String OWN_STRINGS_PAIR_DEPLOYED = "deployed pair repeat sight, each request's own header and token strings";
    private static final String OWN_STRINGS_ONLY = "making those strings only (header copy, token cut out, SignedJWTInfo)";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        long sliceMillis = args.length > 1 ? Long.parseLong(args[1]) : 100;

        BenchTokens tokens = new BenchTokens();
        String[] jwts = new String[POOL];
        String[] headers = new String[POOL];
        byte[][][] raw = new byte[POOL][][];
        SignedJWTInfo[] infos = new SignedJWTInfo[POOL];
        for (int i = 0; i < POOL; i++) {
            jwts[i] = tokens.valid(i);
            headers[i] = "Bearer " + jwts[i];
            raw[i] = BenchTokens.signingInputAndSignature(jwts[i]);
            infos[i] = signedJwtInfo(jwts[i]);
        }
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(tokens.publicKey());
        JWKSet jwkSet = JWKSet.parse(tokens.jwksJson());

        try (JwksServer jwks = JwksServer.start(tokens.jwksJson())) {
            ApimPath apim = new ApimPath(jwkSet);
            Map<String, String> apimCache = new ConcurrentHashMap<>();
            for (int i = 0; i < POOL; i++) {
                apim.repeat(jwts[i], apimCache);
            }
            String apimFirstName = "APIM first sight: SignedJWT.parse + JWTValidatorImpl's verify and expiry (nimbus 7.3)";
            String apimRepeatName = "APIM repeat sight: SignedJWT.parse + claims + gateway token cache lookup";
            Map<String, Op> baselines = new LinkedHashMap<>();
            baselines.put("raw RSA verify", i -> {
                byte[][] in = raw[i & (POOL - 1)];
                rsa.update(in[0]);
                return rsa.verify(in[1]) ? 1 : 0;
            });
            baselines.put(apimFirstName, i -> apim.validate(jwts[i & (POOL - 1)]));
            baselines.put(apimRepeatName, i -> apim.repeat(jwts[i & (POOL - 1)], apimCache));

            // One guard per tenant settings is published on a node, so the two pairs run one after the other, each
            // interleaved with the baselines. Repeat sight: the gateway's guard with its default cache.
            Map<String, double[]> cpu = new LinkedHashMap<>();
            try (Pair repeat = new Pair(tokens, jwks, 10_000)) {
                Map<String, Op> cases = new LinkedHashMap<>(baselines);
                cases.put("pair repeat sight: guard.check + validateToken (ours)",
                        i -> repeat.both(headers[i & (POOL - 1)], infos[i & (POOL - 1)]));
                cases.put("pair repeat sight + APIM's own SignedJWT.parse",
                        i -> repeat.both(headers[i & (POOL - 1)], signedJwtInfo(jwts[i & (POOL - 1)])));
                // as at a gateway, where every request brings its own header string and APIM cuts its own token out
                // of it (the parse is left out here; it is in the row above)
                cases.put(OWN_STRINGS_PAIR, i -> ownStrings(headers, infos, i, repeat::both));
                cases.put(OWN_STRINGS_ONLY, i -> ownStrings(headers, infos, i, (h, info) -> info.getToken().length()));
                cases.put("guard.check alone, repeat sight", i -> repeat.guard.check(headers[i & (POOL - 1)], PATH).httpStatus());
                cases.put("validateToken alone, repeat sight",
                        i -> repeat.validator.validateToken(infos[i & (POOL - 1)]).isValid() ? 1 : 0);
                cpu.putAll(phase(cases, rounds, sliceMillis, "A"));
            }
            // First sight: a guard that remembers one verified token, walking the pool round-robin, so every token
            // is new to the guard and the validator's look right after it is the one cache hit
            long pairs;
            long verifies;
            try (Pair first = new Pair(tokens, jwks, 1)) {
                Map<String, Op> cases = new LinkedHashMap<>(baselines);
                cases.put("pair first sight: guard.check + validateToken (ours)",
                        i -> first.both(headers[i & (POOL - 1)], infos[i & (POOL - 1)]));
                cases.put("pair first sight + APIM's own SignedJWT.parse",
                        i -> first.both(headers[i & (POOL - 1)], signedJwtInfo(jwts[i & (POOL - 1)])));
                long pairsBefore = first.pairs;
                long verifiesBefore = first.verifies();
                cpu.putAll(phase(cases, rounds, sliceMillis, "B"));
                pairs = first.pairs - pairsBefore;
                verifies = first.verifies() - verifiesBefore;
            }

            // As deployed: the gateway handlers' guard lives in another copy of core (its own class loader, as the
            // gateway-handler bundle embeds one), and the validator with its own copy reaches it through NodeGuards'
            // JDK-typed view, exactly as the two bundles of a pack do. Repeat sight, then first sight.
            try (DeployedPair repeat = new DeployedPair(tokens, jwks, 10_000)) {
                Map<String, Op> cases = new LinkedHashMap<>(baselines);
                cases.put(DEPLOYED_REPEAT, i -> repeat.both(headers[i & (POOL - 1)], infos[i & (POOL - 1)]));
                cases.put("deployed pair repeat sight + APIM's own SignedJWT.parse",
                        i -> repeat.both(headers[i & (POOL - 1)], signedJwtInfo(jwts[i & (POOL - 1)])));
                cases.put(OWN_STRINGS_PAIR_DEPLOYED, i -> ownStrings(headers, infos, i, repeat::both));
                cases.put(OWN_STRINGS_ONLY, i -> ownStrings(headers, infos, i, (h, info) -> info.getToken().length()));
                cases.put("deployed guard.check alone (gateway's copy), repeat sight",
                        i -> repeat.check.applyAsInt(headers[i & (POOL - 1)], PATH));
                cases.put("deployed validateToken alone (borrowed view), repeat sight",
                        i -> repeat.validator.validateToken(infos[i & (POOL - 1)]).isValid() ? 1 : 0);
                cpu.putAll(phase(cases, rounds, sliceMillis, "C"));
            }
            long deployedPairs;
            long deployedVerifies;
            try (DeployedPair first = new DeployedPair(tokens, jwks, 1)) {
                Map<String, Op> cases = new LinkedHashMap<>(baselines);
                cases.put("deployed pair first sight: guard.check + validateToken (ours)",
                        i -> first.both(headers[i & (POOL - 1)], infos[i & (POOL - 1)]));
                cases.put("deployed pair first sight + APIM's own SignedJWT.parse",
                        i -> first.both(headers[i & (POOL - 1)], signedJwtInfo(jwts[i & (POOL - 1)])));
                long pairsBefore = first.pairs;
                long verifiesBefore = first.verifies();
                cpu.putAll(phase(cases, rounds, sliceMillis, "D"));
                deployedPairs = first.pairs - pairsBefore;
                deployedVerifies = first.verifies() - verifiesBefore;
            }

            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Guard + JWT validator on one token, next to APIM's own path: 1 thread, %d rounds of %d ms slices per case%n",
                    rounds, sliceMillis));
            sb.append("load average (1, 5, 15 min) at the end: ").append(loadAverage()).append("\n");
            sb.append("(phase A: repeat sight, phase B: first sight, guard and validator in one class loader; phases C and D: the same"
                    + " as deployed, the guard in a second copy of core in its own class loader, the validator reaching it through"
                    + " NodeGuards' JDK-typed view; each case's ratios are to the APIM rows of the same round of its phase)\n\n");
            sb.append("| phase | case | CPU ns/op (median) | APIM first sight / case (median of per-round ratios) | APIM repeat sight / case |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, double[]> e : cpu.entrySet()) {
                String phase = e.getKey().substring(0, 1);
                String name = e.getKey().substring(2);
                double[] c = e.getValue();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2fx | %.2fx |%n", phase, name, Interleaved.median(c),
                        Interleaved.medianRatio(cpu.get(phase + " " + apimFirstName), c), Interleaved.medianRatio(cpu.get(phase + " " + apimRepeatName), c)));
            }
            double repeatRatio = Interleaved.medianRatio(cpu.get("A " + apimFirstName), cpu.get("A pair repeat sight: guard.check + validateToken (ours)"));
            double repeatVsRepeat = Interleaved.medianRatio(cpu.get("A " + apimRepeatName), cpu.get("A pair repeat sight: guard.check + validateToken (ours)"));
            double[] ownStrings = Interleaved.difference(cpu.get("A " + OWN_STRINGS_PAIR), cpu.get("A " + OWN_STRINGS_ONLY));
            double ownStringsRatio = Interleaved.medianRatio(cpu.get("A " + apimFirstName), ownStrings);
            double perNew = (double) verifies / pairs;
            sb.append(String.format(Locale.ROOT, "%nRSA verifications per new token (guard, then validator, %d pairs measured): %.3f%n", pairs, perNew));
            sb.append(String.format(Locale.ROOT, "TARGET one RSA verify per new token: %s%n", perNew <= 1.0 ? "met" : "MISSED"));
            sb.append(String.format(Locale.ROOT, "TARGET repeated token >= 100x cheaper than APIM's built-in path on the same token: %.0fx (vs APIM's first-sight"
                    + " validation), %s; %.0fx vs APIM's own repeat sight (parse + token cache)%n",
                    repeatRatio, repeatRatio >= 100 ? "met" : "MISSED", repeatVsRepeat));
            sb.append(String.format(Locale.ROOT, "with each request's own header and token strings (the pair's row less making the strings, per round):"
                    + " %.0f ns, %.0fx cheaper than APIM's first-sight validation%n", Interleaved.median(ownStrings), ownStringsRatio));
            double deployedRatio = Interleaved.medianRatio(cpu.get("C " + apimFirstName), cpu.get("C " + DEPLOYED_REPEAT));
            double deployedVsRepeat = Interleaved.medianRatio(cpu.get("C " + apimRepeatName), cpu.get("C " + DEPLOYED_REPEAT));
            double[] deployedOwn = Interleaved.difference(cpu.get("C " + OWN_STRINGS_PAIR_DEPLOYED), cpu.get("C " + OWN_STRINGS_ONLY));
            double deployedPerNew = (double) deployedVerifies / deployedPairs;
            sb.append(String.format(Locale.ROOT, "%nAs deployed (two copies of core, the validator through NodeGuards' borrowed view):%n"));
            sb.append(String.format(Locale.ROOT, "RSA verifications per new token (guard, then validator, %d pairs measured): %.3f%n",
                    deployedPairs, deployedPerNew));
            sb.append(String.format(Locale.ROOT, "TARGET (as deployed) one RSA verify per new token: %s%n", deployedPerNew <= 1.0 ? "met" : "MISSED"));
            sb.append(String.format(Locale.ROOT, "TARGET (as deployed) repeated token >= 100x cheaper than APIM's built-in path on the same token: %.0fx"
                    + " (vs APIM's first-sight validation), %s; %.0fx vs APIM's own repeat sight (parse + token cache)%n",
                    deployedRatio, deployedRatio >= 100 ? "met" : "MISSED", deployedVsRepeat));
            sb.append(String.format(Locale.ROOT, "with each request's own header and token strings (as above): %.0f ns, %.0fx cheaper than APIM's"
                    + " first-sight validation%n", Interleaved.median(deployedOwn), Interleaved.medianRatio(cpu.get("C " + apimFirstName), deployedOwn)));
            System.out.print(sb);
            System.out.println("(sink " + Interleaved.sink() + ")");
        }
    }

    /** Warm-up, then interleaved rounds; keys of the result are "phase case". */
    private static Map<String, double[]> phase(Map<String, Op> cases, int rounds, long sliceMillis, String phase)
            throws Exception {
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Interleaved.rounds(cases, 2, 500, rounds, sliceMillis, 4, 11).forEach((n, v) -> cpu.put(phase + " " + n, v));
        return cpu;
    }

    /** What a look at a request's own strings does: {@code (header, info) -> int}. */
    interface Look {
        int run(String header, SignedJWTInfo info) throws Exception;
    }

    /**
     * A request's own header string (as the transport reads it) and the token APIM cuts out of it into its own
     * SignedJWTInfo (the parse is reused: it is measured in a row of its own), handed to {@code look}.
     */
    static int ownStrings(String[] headers, SignedJWTInfo[] infos, int i, Look look) throws Exception {
        SignedJWTInfo parsed = infos[i & (POOL - 1)];
        String header = new String(headers[i & (POOL - 1)].toCharArray());
        String token = header.substring(7);
        return look.run(header, new SignedJWTInfo(token, parsed.getSignedJWT(), parsed.getJwtClaimsSet()));
    }

    /** What 9.0.174's gateway hands the validator: OAuthAuthenticator.getSignedJwt / WebsocketInboundHandler. */
    static SignedJWTInfo signedJwtInfo(String token) throws Exception {
        SignedJWT signedJWT = SignedJWT.parse(token);
        return new SignedJWTInfo(token, signedJWT, signedJWT.getJWTClaimsSet());
    }

    /** The guard the gateway handlers publish, and the validator APIM's KeyManagerHolder loads for the same tenant. */
    static final class Pair implements AutoCloseable {
        final TokenGuard guard;
        final NodeGuards.Publication publication;
        final Auth0JwtValidator validator;
        long pairs;

        Pair(BenchTokens tokens, JwksServer jwks, int verifiedCacheSize) throws Exception {
            Map<String, String> gateway = new LinkedHashMap<>();
            gateway.put("issuers", BenchTokens.ISSUER);
            gateway.put("audiences", BenchTokens.AUDIENCE);
            gateway.put("jwks_uri", jwks.uri().toString());
            gateway.put("verified_cache_size", Integer.toString(verifiedCacheSize));
            TokenGuardConfig config = GuardSettings.load(gateway);
            guard = TokenGuards.create(config);
            publication = NodeGuards.publish(guard, config);
            // KeyManagerHolder: the key manager's loadConfiguration leaves its settings, then the validator loads
            Map<String, String> handOver = new LinkedHashMap<>();
            handOver.put("audiences", BenchTokens.AUDIENCE);
            handOver.put("jwks_uri", jwks.uri().toString());
            NodeGuards.handOver(BenchTokens.ISSUER, handOver);
            TokenIssuerDto dto = new TokenIssuerDto(BenchTokens.ISSUER);
            dto.setJwksConfigurationDTO(new JWKSConfigurationDTO(jwks.uri().toString(), true));
            validator = new Auth0JwtValidator();
            validator.loadTokenIssuerConfiguration(dto);
            // the pair must verify with one guard: the validator's look at a token the guard just accepted is a hit
            String t = tokens.valid(9_999);
            if (guard.check("Bearer " + t, PATH).outcome() != GuardDecision.Outcome.ACCEPTED) {
                throw new IllegalStateException("the guard does not accept the bench token");
            }
            long hits = guard.metrics().verifiedCacheHits();
            if (!validator.validateToken(signedJwtInfo(t)).isValid() || guard.metrics().verifiedCacheHits() != hits + 1) {
                throw new IllegalStateException("the validator does not verify with the gateway's guard");
            }
        }

        int both(String header, SignedJWTInfo info) throws Exception {
            pairs++;
            GuardDecision d = guard.check(header, PATH);
            JWTValidationInfo v = validator.validateToken(info);
            if (d.outcome() != GuardDecision.Outcome.ACCEPTED || !v.isValid()) {
                throw new IllegalStateException("the pair refused a good token");
            }
            return v.getScopes().size();
        }

        /** RSA verifications so far: every acceptance that did not come from the verified cache. */
        long verifies() {
            GuardMetrics m = guard.metrics();
            return m.accepted() - m.verifiedCacheHits();
        }

        @Override
        public void close() {
            publication.withdraw();
            guard.close();
        }
    }

    /**
     * The pair as a pack has it: the gateway handlers' guard created and published by {@link GatewayBundle} in a
     * class loader of its own over the same jars (its own copy of core and of core's libraries, the JDK as parent, as
     * the gateway-handler bundle embeds them), and the validator of this class loader's copy (the jwt-validator
     * bundle's), which finds that guard as NodeGuards' borrowed view.
     */
    static final class DeployedPair implements AutoCloseable {
        final URLClassLoader gatewayBundle;
        final Object gateway;
        final ToIntBiFunction<String, String> check;
        final Auth0JwtValidator validator;
        long pairs;

        @SuppressWarnings("unchecked")
        DeployedPair(BenchTokens tokens, JwksServer jwks, int verifiedCacheSize) throws Exception {
            gatewayBundle = new URLClassLoader(new URL[] {
                    location(GatewayBundle.class), location(NodeGuards.class), location(com.auth0.jwk.UrlJwkProvider.class),
                    location(com.fasterxml.jackson.databind.ObjectMapper.class),
                    location(com.fasterxml.jackson.core.JsonParser.class),
                    location(com.fasterxml.jackson.annotation.JsonProperty.class),
                    location(org.apache.commons.logging.LogFactory.class)}, ClassLoader.getPlatformClassLoader());
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("issuers", BenchTokens.ISSUER);
            settings.put("audiences", BenchTokens.AUDIENCE);
            settings.put("jwks_uri", jwks.uri().toString());
            settings.put("verified_cache_size", Integer.toString(verifiedCacheSize));
            Class<?> type = gatewayBundle.loadClass(GatewayBundle.class.getName());
            if (type == GatewayBundle.class) {
                throw new IllegalStateException("the gateway side must come from its own class loader");
            }
            gateway = type.getConstructor(Map.class).newInstance(settings);
            if (!(Boolean) type.getMethod("isOfAnotherCopy", Class.class).invoke(gateway, TokenGuard.class)) {
                throw new IllegalStateException("the gateway's guard is of this copy of core");
            }
            check = (ToIntBiFunction<String, String>) gateway;
            Map<String, String> handOver = new LinkedHashMap<>();
            handOver.put("audiences", BenchTokens.AUDIENCE);
            handOver.put("jwks_uri", jwks.uri().toString());
            NodeGuards.handOver(BenchTokens.ISSUER, handOver);
            TokenIssuerDto dto = new TokenIssuerDto(BenchTokens.ISSUER);
            dto.setJwksConfigurationDTO(new JWKSConfigurationDTO(jwks.uri().toString(), true));
            validator = new Auth0JwtValidator();
            validator.loadTokenIssuerConfiguration(dto);
            String t = tokens.valid(9_998);
            if (check.applyAsInt("Bearer " + t, PATH) != 1) {
                throw new IllegalStateException("the gateway's guard does not accept the bench token");
            }
            long hits = metric("verifiedCacheHits");
            if (!validator.validateToken(signedJwtInfo(t)).isValid() || metric("verifiedCacheHits") != hits + 1) {
                throw new IllegalStateException("the validator does not verify with the gateway's guard");
            }
        }

        int both(String header, SignedJWTInfo info) throws Exception {
            pairs++;
            int accepted = check.applyAsInt(header, PATH);
            JWTValidationInfo v = validator.validateToken(info);
            if (accepted != 1 || !v.isValid()) {
                throw new IllegalStateException("the pair refused a good token");
            }
            return v.getScopes().size();
        }

        long verifies() throws Exception {
            return metric("accepted") - metric("verifiedCacheHits");
        }

        private long metric(String name) throws Exception {
            return (Long) gateway.getClass().getMethod(name).invoke(gateway);
        }

        @Override
        public void close() throws Exception {
            ((AutoCloseable) gateway).close();
            gatewayBundle.close();
        }

        private static URL location(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }
    }

    /** nimbus-jose-jwt 7.3 as 9.0.174 uses it on a Bearer JWT. */
    static final class ApimPath {
        private final JWKSet jwkSet;

        ApimPath(JWKSet jwkSet) {
            this.jwkSet = jwkSet;
        }

        /**
         * OAuthAuthenticator.getSignedJwt (SignedJWT.parse, getJWTClaimsSet), then JWTValidatorImpl.validateToken:
         * validateSignature (key by kid from the cached JWKSet, toRSAPublicKey, JWTUtil.verifyTokenSignature: new
         * RSASSAVerifier, verify) and validateTokenExpiry.
         */
        int validate(String token) throws Exception {
            SignedJWT signed = SignedJWT.parse(token);
            JWTClaimsSet claims = signed.getJWTClaimsSet();
            RSAKey key = (RSAKey) jwkSet.getKeyByKeyId(signed.getHeader().getKeyID());
            if (!signed.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                throw new IllegalStateException("signature");
            }
            Date exp = claims.getExpirationTime();
            if (exp == null || exp.getTime() < System.currentTimeMillis() || !BenchTokens.ISSUER.equals(claims.getIssuer())) {
                throw new IllegalStateException("claims");
            }
            return claims.getClaims().size();
        }

        /**
         * A token the gateway validated before: OAuthAuthenticator still parses it on every request, then the gateway
         * JWTValidator finds it in its token cache (keyed by the token's signature) and checks the expiry.
         */
        int repeat(String token, Map<String, String> cache) throws Exception {
            SignedJWT signed = SignedJWT.parse(token);
            JWTClaimsSet claims = signed.getJWTClaimsSet();
            String cached = cache.get(signed.getSignature().toString());
            if (cached == null) {
                validate(token);
                cache.put(signed.getSignature().toString(), claims.getSubject());
                return 0;
            }
            if (claims.getExpirationTime().getTime() < System.currentTimeMillis()) {
                throw new IllegalStateException("expired");
            }
            return cached.length();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private ValidatorPair() {
    }
}
