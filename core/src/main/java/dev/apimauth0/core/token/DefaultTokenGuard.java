package dev.apimauth0.core.token;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The guard. Checks run cheapest first, and nothing costs an RSA/EC verification (or a JWKS fetch)
 * until the token claims to be ours and has passed every check that is safe to make on unverified
 * claims: rejecting on them is always safe, only accepting needs the signature.
 * <ol>
 * <li>Authorization header present and Bearer (else pass through, or token_missing on an Auth0-only path);</li>
 * <li>length cap, before anything is decoded (token_too_large);</li>
 * <li>verified-token cache: a hit costs a lookup and an exp check, then the path's scope rule;</li>
 * <li>negative cache (tokens of up to 2048 characters): a token already found not ours, or ours and
 *     expired, on its characters alone gets the same decision for the same kind of path (Auth0-only
 *     or not) at the cost of a lookup; it never holds anything that could accept;</li>
 * <li>three base64url parts and JSON claims (else pass through; rejected on an Auth0-only path, or
 *     when a lenient decoder would still read one of our issuers out of it);</li>
 * <li>iss one of ours (else pass through, after making sure no second iss can hide further on;
 *     issuer_untrusted at the first foreign iss on an Auth0-only path, where a malformed header is not
 *     looked at either: the token is refused anyway). From here every failure is a rejection;</li>
 * <li>exp (required), nbf, iat with the leeway &mdash; the scan stops as soon as an expired token is
 *     known to be ours;</li>
 * <li>JSON header; duplicate or mistyped registered claims, crit headers (token_unparsable);</li>
 * <li>alg allowed for the provider (none and HS* never are); kid present;</li>
 * <li>audience (any one), azp allow-list;</li>
 * <li>key for the kid (cached, or one rate-limited fetch; keys_unavailable when none can be had) and
 *     key type matching the alg;</li>
 * <li>signature; then the token is cached;</li>
 * <li>scope rule of the request path (403 insufficient_scope), on every request, cached or not.</li>
 * </ol>
 * Tokens with several defects are reported with the first reason in this order.
 */
final class DefaultTokenGuard implements TokenGuard {

    private static final Log LOG = LogFactory.getLog(TokenGuard.class);

    /** Slots of the negative cache, and the longest token it keeps (longer ones are re-examined each time). */
    static final int NEGATIVE_CACHE_SIZE = 4096;
    static final int NEGATIVE_MAX_CHARS = 2048;
    private static final Reason[] REASONS = Reason.values();

    private static final byte[] K_ALG = ascii("alg");
    private static final byte[] K_KID = ascii("kid");
    private static final byte[] K_CRIT = ascii("crit");

    // registered claims, by bit
    private static final int ISS = 0;
    private static final int SUB = 1;
    private static final int AUD = 2;
    private static final int EXP = 3;
    private static final int NBF = 4;
    private static final int IAT = 5;
    private static final int AZP = 6;
    private static final int SCOPE = 7;
    private static final int PERMISSIONS = 8;
    private static final byte[][] CLAIM_NAMES = {
        ascii("iss"), ascii("sub"), ascii("aud"), ascii("exp"), ascii("nbf"), ascii("iat"), ascii("azp"),
        ascii("scope"), ascii("permissions")
    };

    static final class ProviderState {
        final ProviderConfig config;
        final JwksKeys keys;
        final String[] issuers;
        final byte[][] issuerBytes;
        /** The issuers with each / escaped the way JSON may write it, or null where the issuer has none. */
        final byte[][] escapedIssuerBytes;
        final boolean[] allowedAlg = new boolean[Alg.values().length];
        /** Tokens first seen claiming each issuer: one that stays at 0 under traffic is likely misspelled. */
        final java.util.concurrent.atomic.LongAdder[] issuerMatches;

        ProviderState(ProviderConfig config, JwksKeys keys) {
            this.config = config;
            this.keys = keys;
            this.issuers = config.issuers().toArray(new String[0]);
            this.issuerBytes = new byte[issuers.length][];
            this.escapedIssuerBytes = new byte[issuers.length][];
            this.issuerMatches = new java.util.concurrent.atomic.LongAdder[issuers.length];
            for (int i = 0; i < issuers.length; i++) {
                issuerMatches[i] = new java.util.concurrent.atomic.LongAdder();
                issuerBytes[i] = issuers[i].getBytes(StandardCharsets.UTF_8);
                byte[] escaped = issuers[i].replace("/", "\\/").getBytes(StandardCharsets.UTF_8);
                escapedIssuerBytes[i] = escaped.length != issuerBytes[i].length ? escaped : null;
            }
            for (String a : config.algorithms()) {
                allowedAlg[Alg.valueOf(a).ordinal()] = true;
            }
        }
    }

    private static final class ScopeRuleState {
        final String prefix;
        final String[] scopes;
        final Decision decision;

        ScopeRuleState(String prefix, String[] scopes, Decision decision) {
            this.prefix = prefix;
            this.scopes = scopes;
            this.decision = decision;
        }
    }

    /** Per-thread buffers: nothing on the request path allocates in proportion to the token. */
    private static final class Scratch {
        final byte[] header;
        final byte[] payload;
        final byte[] signature;
        final byte[] signingInput;
        final FlatJson json = new FlatJson();
        // header scan
        Alg alg;
        boolean algPresent;
        boolean crit;
        boolean headerDup;
        int kidStart;
        int kidEnd;
        boolean kidEscaped;
        boolean kidPresent;
        // claims scan
        int provider;
        /** Index of the matched issuer within the provider, and the last one matchIssuer found. */
        int issuer;
        int matchedIssuer;
        boolean foreignIssuer;
        int seen;
        boolean duplicate;
        boolean badType;
        long exp;
        long nbf;
        long iat;
        int audPos;
        int azpStart;
        int azpEnd;
        boolean azpEscaped;
        int subStart;
        int subEnd;
        boolean subEscaped;
        int scopeStart;
        int scopeEnd;
        boolean scopeEscaped;
        int permissionsPos;
        int issStart;
        int issEnd;
        boolean issEscaped;
        /** What the negative cache may keep of the decision being taken: a reason's ordinal, PASS or UNKNOWN. */
        int remember;

        Scratch(int maxChars) {
            int bytes = Base64Url.decodedLength(maxChars & ~3) + 3;
            header = new byte[bytes];
            payload = new byte[bytes];
            signature = new byte[bytes];
            signingInput = new byte[maxChars];
        }

        boolean has(int claim) {
            return (seen & (1 << claim)) != 0;
        }
    }

    private final TokenGuardConfig config;
    private final ProviderState[] providers;
    private final Decision[] rejections = new Decision[Reason.values().length];
    private final ScopeRuleState[] rules;
    private final String[] auth0OnlyPaths;
    /** Whether any rule looks at the path: only then is it normalized (or refused as ambiguous). */
    private final boolean pathRulesConfigured;
    private final VerifiedTokenCache cache;
    /** Decisions taken on a token's characters alone (not ours, or ours and expired); never an acceptance. */
    private final VerifiedTokenCache negative = new VerifiedTokenCache(NEGATIVE_CACHE_SIZE);
    /**
     * Hashes of tokens refused (or passed on) once: a token enters the negative cache only when it comes back, so
     * an attacker's one-off tokens cost an int store, not a copy of the token and a cache insert. Racy by design:
     * a lost store only delays admission.
     */
    private final int[] seenOnce = new int[NEGATIVE_CACHE_SIZE];
    final java.util.concurrent.atomic.LongAdder negativeHits = new java.util.concurrent.atomic.LongAdder();
    private final long leewaySeconds;
    private final int maxTokenChars;
    private final Clock clock;
    private final GuardMetricsImpl metrics = new GuardMetricsImpl();
    private final ThreadLocal<Scratch> scratch;

    DefaultTokenGuard(TokenGuardConfig config) {
        this(config, null);
    }

    /** fetchers: per provider name, for tests that cannot serve HTTP; null means jwks-rsa over HTTP. */
    DefaultTokenGuard(TokenGuardConfig config, java.util.Map<String, JwksKeys.Fetcher> fetchers) {
        this.config = config;
        this.clock = config.clock();
        this.leewaySeconds = config.clockLeewaySeconds();
        this.maxTokenChars = config.maxTokenBytes();
        this.providers = new ProviderState[config.providers().size()];
        for (int i = 0; i < providers.length; i++) {
            ProviderConfig p = config.providers().get(i);
            JwksKeys.Fetcher f = fetchers == null ? null : fetchers.get(p.name());
            JwksKeys keys = f == null ? new JwksKeys(p, metrics, clock) : new JwksKeys(p, metrics, clock, f);
            providers[i] = new ProviderState(p, keys);
            metrics.trackIssuers(providers[i].issuers, providers[i].issuerMatches);
        }
        for (Reason r : Reason.values()) {
            rejections[r.ordinal()] = Decision.rejected(r, config.realm());
        }
        List<ScopeRuleState> ruleStates = new ArrayList<>();
        for (TokenGuardConfig.ScopeRule rule : config.scopeRules()) {
            String scopes = String.join(" ", rule.scopes());
            ruleStates.add(new ScopeRuleState(rule.pathPrefix(), rule.scopes().toArray(new String[0]),
                    Decision.insufficientScope(config.realm(), scopes)));
        }
        // the most specific (longest) prefix wins
        Collections.sort(ruleStates, (a, b) -> b.prefix.length() - a.prefix.length());
        this.rules = ruleStates.toArray(new ScopeRuleState[0]);
        this.auth0OnlyPaths = config.auth0OnlyPaths().toArray(new String[0]);
        this.pathRulesConfigured = rules.length > 0 || auth0OnlyPaths.length > 0;
        this.cache = new VerifiedTokenCache(config.verifiedCacheSize());
        final int max = maxTokenChars;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(max));
        if (config.prefetchJwks()) {
            for (ProviderState p : providers) {
                p.keys.prefetch();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ public API

    @Override
    public GuardDecision check(String authorizationHeader, String requestPath) {
        return check(authorizationHeader, requestPath, null);
    }

    @Override
    public GuardDecision check(String authorizationHeader, String requestPath, String clientPath) {
        if (!config.enabled()) {
            return passThrough();
        }
        String other = null;
        if (pathRulesConfigured) {
            String normal = RequestPath.normalize(requestPath);
            String client = clientPath == null ? null : RequestPath.normalize(clientPath);
            if (normal == null || (clientPath != null && client == null)) {
                // refused whatever the credential: a rule cannot tell which resource the backend will serve
                return reject(Reason.PATH_AMBIGUOUS, null, 0, 0, requestPath);
            }
            requestPath = normal;
            other = client == null || client.equalsIgnoreCase(normal) ? null : client;
        }
        String h = authorizationHeader;
        if (h == null) {
            return noToken(requestPath, other);
        }
        int len = h.length();
        if (len > maxTokenChars + 64) {
            return reject(Reason.TOKEN_TOO_LARGE, null, 0, 0, requestPath);
        }
        if (len < 8 || !h.regionMatches(true, 0, "Bearer", 0, 6) || h.charAt(6) != ' ') {
            return noToken(requestPath, other);
        }
        int start = 7;
        while (start < len && h.charAt(start) == ' ') {
            start++;
        }
        int end = len;
        while (end > start && (h.charAt(end - 1) == ' ' || h.charAt(end - 1) == '\t')) {
            end--;
        }
        if (start == end) {
            return noToken(requestPath, other);
        }
        return evaluate(h, start, end, requestPath, other, true);
    }

    @Override
    public GuardDecision verify(String jwt) {
        if (!config.enabled() || jwt == null || jwt.isEmpty()) {
            return passThrough();
        }
        if (jwt.length() > maxTokenChars) {
            return reject(Reason.TOKEN_TOO_LARGE, null, 0, 0, null);
        }
        return evaluate(jwt, 0, jwt.length(), null, null, false);
    }

    @Override
    public boolean isOurs(String jwt) {
        if (jwt == null || jwt.isEmpty() || jwt.length() > maxTokenChars) {
            return false;
        }
        Scratch s = scratch.get();
        int d1 = jwt.indexOf('.');
        int d2 = d1 < 0 ? -1 : jwt.indexOf('.', d1 + 1);
        if (d2 < 0 || jwt.indexOf('.', d2 + 1) >= 0) {
            return false;
        }
        int n = Base64Url.decode(jwt, d1 + 1, d2, s.payload);
        if (n < 0) {
            return claimsOursLeniently(jwt, d1 + 1, d2, s);
        }
        int r = scanClaims(s, n, Long.MIN_VALUE, false, false);
        if (r < 0) {
            return containsOurIssuer(s.payload, n);
        }
        return s.provider >= 0;
    }

    @Override
    public GuardMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        for (ProviderState p : providers) {
            p.keys.close();
        }
        cache.clear();
        negative.clear();
    }

    TokenGuardConfig config() {
        return config;
    }

    int verifiedCacheSize() {
        return cache.size();
    }

    int negativeCacheSize() {
        return negative.size();
    }

    int cachedKeys() {
        int n = 0;
        for (ProviderState p : providers) {
            n += p.keys.cachedKeys();
        }
        return n;
    }

    int rememberedUnknownKids() {
        int n = 0;
        for (ProviderState p : providers) {
            n += p.keys.rememberedUnknownKids();
        }
        return n;
    }

    // ------------------------------------------------------------------ the checks

    /** path: the normal request path (null for verify); clientPath: a second spelling rules must also hold on, or null. */
    private GuardDecision evaluate(String src, int start, int end, String path, String clientPath, boolean applyPathRules) {
        if (end - start > maxTokenChars) {
            return reject(Reason.TOKEN_TOO_LARGE, null, 0, 0, path);
        }
        long now = clock.millis();
        int hash = VerifiedTokenCache.hash(src, start, end);
        VerifiedTokenCache.Entry hit = cache.get(src, start, end, hash);
        if (hit != null && hit.verified != null && hit.usableAt(now)) {
            metrics.verifiedCacheHits.increment();
            hit.key.owner.refreshIfStale(now);
            return applyPathRules ? pathRules(hit.verified, hit.accepted, path, clientPath, src, start, end) : accept(hit.accepted);
        }

        // A token already refused (or passed on as not ours) on its bytes alone: the same decision
        // again, for the same kind of path. Such an entry can only ever reject or pass through.
        final boolean auth0Only = isAuth0Only(path) || isAuth0Only(clientPath);
        final boolean rememberable = end - start <= NEGATIVE_MAX_CHARS;
        VerifiedTokenCache.Entry known = rememberable ? negative.get(src, start, end, hash) : null;
        if (known != null) {
            int code = auth0Only ? known.onAuth0Only : known.elsewhere;
            if (code != VerifiedTokenCache.UNKNOWN) {
                negativeHits.increment();
                return code == VerifiedTokenCache.PASS ? passThrough() : reject(REASONS[code], src, start, end, path);
            }
        }
        Scratch s = scratch.get();
        s.remember = VerifiedTokenCache.UNKNOWN;
        GuardDecision d = classify(src, start, end, path, clientPath, applyPathRules, now, auth0Only, s);
        if (s.remember != VerifiedTokenCache.UNKNOWN && rememberable && (known != null || seenBefore(hash))) {
            String token = start == 0 && end == src.length() ? src : src.substring(start, end);
            int onAuth0Only = auth0Only ? s.remember : known == null ? VerifiedTokenCache.UNKNOWN : known.onAuth0Only;
            int elsewhere = auth0Only ? known == null ? VerifiedTokenCache.UNKNOWN : known.elsewhere : s.remember;
            negative.put(new VerifiedTokenCache.Entry(token, hash, onAuth0Only, elsewhere), now);
        }
        return d;
    }

    /** True when this hash was refused once before; otherwise notes it. */
    private boolean seenBefore(int hash) {
        int i = hash & (seenOnce.length - 1);
        if (seenOnce[i] == hash) {
            return true;
        }
        seenOnce[i] = hash;
        return false;
    }

    /**
     * Everything after the caches. Decisions that depend only on the token's characters and the
     * configuration (never on keys, and on time only as expired, which stays true) set s.remember,
     * for this kind of path, so the caller can remember them.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), see the signing input
    private GuardDecision classify(String src, int start, int end, String path, String clientPath, boolean applyPathRules, long now,
            boolean auth0Only, Scratch s) {
        // APIM's OAuthAuthenticator (9.0.174, authenticate) takes any token with a dot for a JWT: it refuses one
        // without exactly two dots and hands the rest to nimbus's lenient SignedJWT.parse. So only a token without
        // a dot is someone else's opaque token; every dotted one must be a strict JWT to be passed on.
        int d1 = src.indexOf('.', start);
        if (d1 < 0 || d1 >= end) {
            return remember(s, notAJwt(Reason.TOKEN_MALFORMED, src, start, end, path, auth0Only));
        }
        int d2 = src.indexOf('.', d1 + 1);
        if (d2 < 0 || d2 >= end || d1 == start || d2 == d1 + 1) {
            return remember(s, reject(Reason.TOKEN_MALFORMED, src, start, end, path));
        }
        int d3 = src.indexOf('.', d2 + 1);
        if (d3 >= 0 && d3 < end) {
            return remember(s, reject(Reason.TOKEN_MALFORMED, src, start, end, path));
        }
        // one spelling per token: nimbus skips characters outside the alphabet and ignores unused bits, so a
        // non-canonical segment could hide what it reads (the claims are checked as they are decoded below)
        if (!Base64Url.isCanonical(src, start, d1) || !Base64Url.isCanonical(src, d2 + 1, end)) {
            return remember(s, reject(Reason.TOKEN_MALFORMED, src, start, end, path));
        }

        // Claims first: the issuer decides whether this token is ours at all. On an Auth0-only path
        // every token that is not ours is refused, so the first sign of that is enough there.
        if (d2 - d1 > 4) {
            // claims are a JSON object: the first decoded byte must open it (or be whitespace)
            if (Base64Url.decode(src, d1 + 1, d1 + 5, s.payload, 0) != 3) {
                return remember(s, reject(Reason.TOKEN_MALFORMED, src, start, end, path));
            }
            byte first = s.payload[0];
            if (first != '{' && first != ' ' && first != '\n' && first != '\r' && first != '\t') {
                return remember(s, reject(Reason.TOKEN_UNPARSABLE, src, start, end, path));
            }
        }
        // Then the claims' first bytes: iss and exp come early in Auth0's tokens, so an expired one
        // is refused at a cost that does not grow with the rest of the token.
        int payloadLength;
        int payloadChars = d2 - d1 - 1;
        int decodedChars = 0;
        int decodedBytes = 0;
        // once a prefix names our issuer, a later look may find the token expired: decisions taken
        // on the rest are then not remembered (they would hide that reason)
        boolean prefixOurs = false;
        for (int step : PREFIX_STEPS) {
            if (step >= payloadChars || decodedBytes < 0) {
                break;
            }
            int more = Base64Url.decode(src, d1 + 1 + decodedChars, d1 + 1 + step, s.payload, decodedBytes);
            if (more < 0) {
                decodedBytes = -1;
                break;
            }
            decodedChars = step;
            decodedBytes += more;
            int early = scanClaims(s, decodedBytes, now, true, auth0Only);
            if (early == EXPIRED) {
                countIssuer(s);
                return remember(s, reject(Reason.TOKEN_EXPIRED, src, start, end, path));
            }
            if (early == FOREIGN) {
                return remember(s, reject(Reason.ISSUER_UNTRUSTED, src, start, end, path));
            }
            prefixOurs |= s.provider >= 0;
        }
        if (decodedBytes < 0) {
            payloadLength = -1;
        } else {
            int rest = Base64Url.decode(src, d1 + 1 + decodedChars, d2, s.payload, decodedBytes);
            payloadLength = rest < 0 ? -1 : decodedBytes + rest;
        }
        // A JWT whose claims this strict reader cannot read exactly is refused whoever it claims to be from:
        // json-smart (what nimbus 7.3 parses with) may still read one of our issuers out of it.
        if (payloadLength < 0) {
            GuardDecision d = reject(Reason.TOKEN_MALFORMED, src, start, end, path);
            return prefixOurs ? d : remember(s, d);
        }
        int scan = scanClaims(s, payloadLength, now, false, auth0Only);
        if (scan < 0) {
            GuardDecision d = reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
            return prefixOurs ? d : remember(s, d);
        }
        countIssuer(s);
        if (s.provider < 0) {
            // another issuer's token (or none named): nothing more to read
            return remember(s, auth0Only ? reject(Reason.ISSUER_UNTRUSTED, src, start, end, path) : passThrough());
        }

        // the token claims to be ours: every failure from here on is a rejection.
        // Time first: an expired token is refused without reading further (scanClaims stopped early).
        if (scan != EXPIRED && (s.duplicate || s.badType || s.foreignIssuer)) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        if (scan == EXPIRED || !s.has(EXP) || now >= toMillis(s.exp, leewaySeconds)) {
            return remember(s, reject(Reason.TOKEN_EXPIRED, src, start, end, path));
        }
        if (s.has(NBF) && now < toMillis(s.nbf, -leewaySeconds)) {
            return reject(Reason.TOKEN_NOT_YET_VALID, src, start, end, path);
        }
        if (s.has(IAT) && now < toMillis(s.iat, -leewaySeconds)) {
            return reject(Reason.ISSUED_IN_FUTURE, src, start, end, path);
        }
        ProviderState p = providers[s.provider];
        int headerLength = Base64Url.decode(src, start, d1, s.header);
        if (headerLength < 0) {
            return reject(Reason.TOKEN_MALFORMED, src, start, end, path);
        }
        if (!scanHeader(s, headerLength)) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        if (s.headerDup || s.crit) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        Alg alg = s.alg;
        if (alg == null || !p.allowedAlg[alg.ordinal()]) {
            return reject(Reason.ALGORITHM_NOT_ALLOWED, src, start, end, path);
        }
        if (!s.kidPresent || s.kidEnd == s.kidStart) {
            return reject(Reason.KEY_UNKNOWN, src, start, end, path);
        }
        List<String> audiences = readAudiences(s, payloadLength);
        if (audiences == null) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        if (!anyOf(audiences, p.config.audiences())) {
            return reject(Reason.AUDIENCE_MISMATCH, src, start, end, path);
        }
        String azp = s.has(AZP) ? FlatJson.decode(s.payload, s.azpStart, s.azpEnd, s.azpEscaped) : null;
        if (!p.config.allowedAuthorizedParties().isEmpty()
                && (azp == null || !p.config.allowedAuthorizedParties().contains(azp))) {
            return reject(Reason.AZP_NOT_ALLOWED, src, start, end, path);
        }
        int sigLength = Base64Url.decode(src, d2 + 1, end, s.signature);
        if (sigLength <= 0) {
            return reject(Reason.SIGNATURE_INVALID, src, start, end, path);
        }
        String kid = FlatJson.decode(s.header, s.kidStart, s.kidEnd, s.kidEscaped);
        if (kid == null) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        JwksKeys.KeyEntry key = p.keys.lookup(kid);
        if (key == JwksKeys.UNKNOWN) {
            return reject(Reason.KEY_UNKNOWN, src, start, end, path);
        }
        if (key == JwksKeys.UNAVAILABLE) {
            return reject(Reason.KEYS_UNAVAILABLE, src, start, end, path);
        }
        if (!key.supports(alg)) {
            return reject(Reason.ALGORITHM_NOT_ALLOWED, src, start, end, path);
        }
        int inputLength = d2 - start;
        byte[] input = s.signingInput;
        // header '.' payload: strict base64url decoding accepted every char, so all are ASCII and
        // the deprecated char-to-byte copy (a plain array copy for Latin-1 strings) loses nothing
        src.getBytes(start, d2, input, 0);
        if (!key.verify(alg, input, inputLength, s.signature, sigLength)) {
            return reject(Reason.SIGNATURE_INVALID, src, start, end, path);
        }

        // verified: build the token once, cache it, then apply the path's rules
        String token = start == 0 && end == src.length() ? src : src.substring(start, end);
        VerifiedTokenImpl verified = new VerifiedTokenImpl(token,
                FlatJson.decode(s.payload, s.issStart, s.issEnd, s.issEscaped),
                s.has(SUB) ? FlatJson.decode(s.payload, s.subStart, s.subEnd, s.subEscaped) : null,
                azp, audiences, s.exp, s.has(IAT) ? s.iat : 0L, kid, alg.name(),
                p.config.name(), Arrays.copyOf(s.payload, payloadLength));
        VerifiedTokenCache.Entry entry = new VerifiedTokenCache.Entry(token, VerifiedTokenCache.hash(src, start, end),
                toMillis(s.exp, leewaySeconds), key, verified);
        cache.put(entry, now);
        return applyPathRules ? pathRules(verified, entry.accepted, path, clientPath, src, start, end) : accept(entry.accepted);
    }

    /** Seconds (plus an offset) to epoch millis, saturating instead of overflowing. */
    private static long toMillis(long seconds, long offsetSeconds) {
        long s = seconds + offsetSeconds;
        if (offsetSeconds > 0 && s < seconds) {
            return Long.MAX_VALUE;
        }
        if (offsetSeconds < 0 && s > seconds) {
            return Long.MIN_VALUE;
        }
        if (s > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (s < Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return s * 1000;
    }

    /** The most specific scope rule of each spelling of the path must hold. */
    private GuardDecision pathRules(VerifiedTokenImpl token, Decision accepted, String path, String clientPath, String src,
            int start, int end) {
        if (rules.length > 0) {
            GuardDecision refused = scopeRule(token, path, src, start, end);
            if (refused == null && clientPath != null) {
                refused = scopeRule(token, clientPath, src, start, end);
            }
            if (refused != null) {
                return refused;
            }
        }
        return accept(accepted);
    }

    /** The refusal of the longest rule matching the path that the token does not meet, or null. */
    private GuardDecision scopeRule(VerifiedTokenImpl token, String path, String src, int start, int end) {
        if (path == null) {
            return null;
        }
        for (ScopeRuleState rule : rules) {
            if (RequestPath.startsWith(path, rule.prefix)) {
                for (String scope : rule.scopes) {
                    if (!token.hasScope(scope)) {
                        metrics.rejected(Reason.SCOPE_INSUFFICIENT);
                        if (LOG.isDebugEnabled()) {
                            logRejection(Reason.SCOPE_INSUFFICIENT, src, start, end, path);
                        }
                        return rule.decision;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private GuardDecision accept(Decision accepted) {
        metrics.accepted.increment();
        return accepted;
    }

    private GuardDecision passThrough() {
        metrics.passedThrough.increment();
        return Decision.PASS_THROUGH;
    }

    private GuardDecision noToken(String path, String clientPath) {
        return isAuth0Only(path) || isAuth0Only(clientPath) ? reject(Reason.TOKEN_MISSING, null, 0, 0, path) : passThrough();
    }

    private GuardDecision notAJwt(Reason reason, String src, int start, int end, String path, boolean auth0Only) {
        return auth0Only ? reject(reason, src, start, end, path) : passThrough();
    }

    /** Marks a decision taken on the token's characters alone as one the negative cache may keep. */
    private static GuardDecision remember(Scratch s, GuardDecision d) {
        GuardDecision.Outcome o = d.outcome();
        s.remember = o == GuardDecision.Outcome.PASS_THROUGH ? VerifiedTokenCache.PASS
                : o == GuardDecision.Outcome.REJECTED ? d.reason().ordinal() : VerifiedTokenCache.UNKNOWN;
        return d;
    }

    private GuardDecision reject(Reason reason, String src, int start, int end, String path) {
        metrics.rejected(reason);
        if (LOG.isDebugEnabled()) {
            logRejection(reason, src, start, end, path);
        }
        return rejections[reason.ordinal()];
    }

    private static void logRejection(Reason reason, String src, int start, int end, String path) {
        String p = path == null ? "" : InvalidSettingException.printable(path.substring(0, RequestPath.pathEnd(path)));
        LOG.debug("apim-auth0: rejected " + (src == null ? "request without token" : "token " + TokenHash.of(src, start, end))
                + ": " + reason.code() + (p.isEmpty() ? "" : " (path " + p + ")"));
    }

    /** path: already normal (see {@link RequestPath}), or null for a verify without a request. */
    private boolean isAuth0Only(String path) {
        if (auth0OnlyPaths.length == 0 || path == null) {
            return false;
        }
        for (String prefix : auth0OnlyPaths) {
            if (RequestPath.startsWith(path, prefix)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ scanners

    private boolean scanHeader(Scratch s, int length) {
        FlatJson j = s.json;
        j.reset(s.header, 0, length);
        s.alg = null;
        s.algPresent = false;
        s.crit = false;
        s.headerDup = false;
        s.kidPresent = false;
        if (!j.beginObject()) {
            return false;
        }
        boolean first = true;
        while (true) {
            int k = j.nextKey(first);
            first = false;
            if (k == 0) {
                return true;
            }
            if (k < 0) {
                return false;
            }
            if (j.strEquals(K_ALG)) {
                if (s.algPresent) {
                    s.headerDup = true;
                }
                s.algPresent = true;
                if (j.peek() == '"') {
                    if (!j.string()) {
                        return false;
                    }
                    s.alg = Alg.of(j);
                } else if (!j.skipValue()) {
                    return false;
                }
            } else if (j.strEquals(K_KID)) {
                if (s.kidPresent) {
                    s.headerDup = true;
                }
                if (j.peek() == '"') {
                    if (!j.string()) {
                        return false;
                    }
                    s.kidPresent = true;
                    s.kidStart = j.strStart;
                    s.kidEnd = j.strEnd;
                    s.kidEscaped = j.strEscaped;
                } else if (!j.skipValue()) {
                    return false;
                }
            } else {
                if (j.strEquals(K_CRIT)) {
                    s.crit = true; // no extension is understood here, so a critical one must fail (RFC 7515 4.1.11)
                }
                if (!j.skipValue()) {
                    return false;
                }
            }
        }
    }

    /**
     * How many base64url characters of the claims are decoded and scanned before the rest (each a
     * multiple of 4): 96 chars (72 bytes) hold Auth0's iss, 288 (216 bytes) its exp.
     */
    private static final int[] PREFIX_STEPS = {96, 288};

    /** 9999-12-31T23:59:59Z: exp, nbf and iat are whole seconds from 0 up to this. */
    static final long MAX_EPOCH_SECONDS = 253402300799L;

    /** {@link #scanClaims} result: the token is ours and expired; the rest was not read. */
    private static final int EXPIRED = 1;
    /** {@link #scanClaims} result: another issuer's token that cannot name a second issuer; the rest was not read. */
    private static final int FOREIGN = 2;

    /**
     * Could the bytes from {@code from} hold another iss member, for this scanner or a lenient
     * parser further down the chain? Any other iss key needs the letters "iss" closed by a quote or
     * followed by ':', or an escape (a backslash); bytes with none of these cannot. A false "maybe"
     * only costs the full scan.
     */
    private static boolean mayNameAnotherIssuer(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '\\') {
                return true;
            }
            if (c == 'i' && i + 2 < end && b[i + 1] == 's' && b[i + 2] == 's') {
                // a key ends with a quote, or (unquoted, for lenient parsers) with ':' after optional
                // whitespace; "permissions" or "mission" cannot be one
                int k = i + 3;
                while (k < end && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) {
                    k++;
                }
                if (k == end || b[k] == '"' || b[k] == '\'' || b[k] == ':') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Scans the claims: -1 if not a JSON object, {@link #EXPIRED} as soon as the token is known to be
     * ours and expired (rejecting needs nothing more), {@link #FOREIGN} when another issuer's token
     * cannot name a second issuer further on (or, on an Auth0-only path, at its first foreign iss), else 0. Sets s.provider to the matching provider or -1.
     * With prefixOnly the bytes are a cut-off start of the claims: only a certain EXPIRED, or FOREIGN on
     * an Auth0-only path, counts; any other result means undecided.
     */
    private int scanClaims(Scratch s, int length, long now, boolean prefixOnly, boolean auth0Only) {
        FlatJson j = s.json;
        j.reset(s.payload, 0, length);
        s.provider = -1;
        s.foreignIssuer = false;
        s.seen = 0;
        s.duplicate = false;
        s.badType = false;
        s.exp = Long.MAX_VALUE; // a mistyped exp must not leave an old value behind
        s.nbf = Long.MIN_VALUE;
        s.iat = Long.MIN_VALUE;
        if (!j.beginObject()) {
            return -1;
        }
        boolean first = true;
        while (true) {
            int k = j.nextKey(first);
            first = false;
            if (k == 0) {
                return 0;
            }
            if (k < 0) {
                return -1;
            }
            int claim = claimIndex(j);
            if (claim < 0) {
                if (!j.skipValue()) {
                    return -1;
                }
                continue;
            }
            if (s.has(claim)) {
                s.duplicate = true;
            }
            s.seen |= 1 << claim;
            int c0 = j.peek();
            switch (claim) {
                case ISS:
                    if (c0 != '"') {
                        s.badType = true;
                        break;
                    }
                    if (!j.string()) {
                        return -1;
                    }
                    int match = matchIssuer(j, s);
                    if (match >= 0) {
                        if (s.provider < 0) {
                            s.provider = match;
                            s.issuer = s.matchedIssuer;
                            s.issStart = j.strStart;
                            s.issEnd = j.strEnd;
                            s.issEscaped = j.strEscaped;
                        }
                        if (s.has(EXP) && now >= toMillis(s.exp, leewaySeconds)) {
                            return EXPIRED;
                        }
                    } else {
                        s.foreignIssuer = true;
                        if (auth0Only && s.provider < 0) {
                            return FOREIGN; // refused on this path whatever else the claims say
                        }
                        if (prefixOnly) {
                            return 0; // undecided: the rest may hold anything
                        }
                        if (s.provider < 0 && !mayNameAnotherIssuer(j.buffer(), j.position(), length)) {
                            return FOREIGN; // nothing after this can make the token ours
                        }
                    }
                    continue;
                case EXP:
                case NBF:
                case IAT:
                    if (c0 != '-' && (c0 < '0' || c0 > '9')) {
                        s.badType = true;
                        break;
                    }
                    if (!j.number()) {
                        return -1;
                    }
                    if (!j.integral || j.number < 0 || j.number > MAX_EPOCH_SECONDS) {
                        // 1e30, 2^63-1 or 1.5 must never read as "never expires": refused if the token is ours
                        s.badType = true;
                        continue;
                    }
                    if (claim == EXP) {
                        s.exp = j.number;
                        // in a prefix, a number running into the cut could be longer: trust it only if something follows
                        if (s.provider >= 0 && now >= toMillis(s.exp, leewaySeconds) && (!prefixOnly || j.position() < length)) {
                            return EXPIRED;
                        }
                    } else if (claim == NBF) {
                        s.nbf = j.number;
                    } else {
                        s.iat = j.number;
                    }
                    continue;
                case AUD:
                case PERMISSIONS:
                    if (c0 == '[' || (claim == AUD && c0 == '"')) {
                        if (claim == AUD) {
                            s.audPos = j.position();
                        } else {
                            s.permissionsPos = j.position();
                        }
                        if (!j.skipValue()) {
                            return -1;
                        }
                        continue;
                    }
                    s.badType = true;
                    break;
                default: // sub, azp, scope: strings
                    if (c0 != '"') {
                        s.badType = true;
                        break;
                    }
                    if (!j.string()) {
                        return -1;
                    }
                    if (claim == AZP) {
                        s.azpStart = j.strStart;
                        s.azpEnd = j.strEnd;
                        s.azpEscaped = j.strEscaped;
                    } else if (claim == SUB) {
                        s.subStart = j.strStart;
                        s.subEnd = j.strEnd;
                        s.subEscaped = j.strEscaped;
                    } else {
                        s.scopeStart = j.strStart;
                        s.scopeEnd = j.strEnd;
                        s.scopeEscaped = j.strEscaped;
                    }
                    continue;
            }
            // a registered claim of the wrong type: skip it, the token is rejected if it is ours
            if (!j.skipValue()) {
                return -1;
            }
        }
    }

    /** Which registered claim the key just read names, or -1; unescaped keys are matched by length and bytes. */
    private static int claimIndex(FlatJson j) {
        if (j.strEscaped) {
            for (int c = 0; c < CLAIM_NAMES.length; c++) {
                if (j.strEquals(CLAIM_NAMES[c])) {
                    return c;
                }
            }
            return -1;
        }
        int len = j.strRawLength();
        if (len == 3) {
            byte a = j.strRawByte(0);
            byte b = j.strRawByte(1);
            byte c = j.strRawByte(2);
            switch (a) {
                case 'i':
                    return b == 's' && c == 's' ? ISS : b == 'a' && c == 't' ? IAT : -1;
                case 's':
                    return b == 'u' && c == 'b' ? SUB : -1;
                case 'a':
                    return b == 'u' && c == 'd' ? AUD : b == 'z' && c == 'p' ? AZP : -1;
                case 'e':
                    return b == 'x' && c == 'p' ? EXP : -1;
                case 'n':
                    return b == 'b' && c == 'f' ? NBF : -1;
                default:
                    return -1;
            }
        }
        if (len == 5) {
            return j.strEquals(CLAIM_NAMES[SCOPE]) ? SCOPE : -1;
        }
        if (len == 11) {
            return j.strEquals(CLAIM_NAMES[PERMISSIONS]) ? PERMISSIONS : -1;
        }
        return -1;
    }

    /** The provider whose issuer the string just read is, or -1; the issuer's index goes to s.issuer. */
    private int matchIssuer(FlatJson j, Scratch s) {
        if (!j.strEscaped) {
            for (int p = 0; p < providers.length; p++) {
                byte[][] issuers = providers[p].issuerBytes;
                for (int i = 0; i < issuers.length; i++) {
                    if (j.strEquals(issuers[i])) {
                        s.matchedIssuer = i;
                        return p;
                    }
                }
            }
            return -1;
        }
        String value = j.strValue();
        if (value == null) {
            return -1;
        }
        for (int p = 0; p < providers.length; p++) {
            String[] issuers = providers[p].issuers;
            for (int i = 0; i < issuers.length; i++) {
                if (issuers[i].equals(value)) {
                    s.matchedIssuer = i;
                    return p;
                }
            }
        }
        return -1;
    }

    /** Counts a token seen (past the caches) claiming one of our issuers. */
    private void countIssuer(Scratch s) {
        if (s.provider >= 0) {
            providers[s.provider].issuerMatches[s.issuer].increment();
        }
    }

    /** The aud claim as a list (a string is a list of one); null if malformed; empty if absent. */
    private static List<String> readAudiences(Scratch s, int length) {
        if (!s.has(AUD)) {
            return Collections.emptyList();
        }
        FlatJson j = s.json;
        j.reset(s.payload, s.audPos, length);
        if (j.peek() == '"') {
            if (!j.string()) {
                return null;
            }
            String v = j.strValue();
            return v == null ? null : Collections.singletonList(v);
        }
        List<String> out = new ArrayList<>(2);
        return j.stringArray(out) ? out : null;
    }

    private static boolean anyOf(List<String> values, Set<String> allowed) {
        for (int i = 0; i < values.size(); i++) {
            if (allowed.contains(values.get(i))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ defence in depth

    /**
     * For tokens our strict decoder refuses: would a lenient decoder (which skips characters outside
     * the alphabet) find one of our issuers in the claims? Then the token must not be passed on to a
     * validator that might accept it.
     */
    private boolean claimsOursLeniently(String src, int from, int to, Scratch s) {
        int n = Base64Url.decodeLenient(src, from, to, s.payload);
        return containsOurIssuer(s.payload, n);
    }

    private boolean containsOurIssuer(byte[] buf, int n) {
        for (ProviderState p : providers) {
            for (int i = 0; i < p.issuers.length; i++) {
                if (indexOf(buf, n, p.issuerBytes[i]) >= 0) {
                    return true;
                }
                byte[] escaped = p.escapedIssuerBytes[i];
                if (escaped != null && indexOf(buf, n, escaped) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, int n, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        byte first = needle[0];
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (ProviderState p : providers) {
            names.add(p.config.name());
        }
        return "TokenGuard" + new LinkedHashSet<>(names);
    }
}
