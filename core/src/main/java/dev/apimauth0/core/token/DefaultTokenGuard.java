package dev.apimauth0.core.token;

import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Reason[] REASONS = Reason.values();

    /** A trusted tenant: its settings, its keys and the algorithms it may sign with. */
    static final class ProviderState {
        final ProviderConfig config;
        final JwksKeys keys;
        final boolean[] allowedAlg = new boolean[Alg.values().length];

        ProviderState(ProviderConfig config, JwksKeys keys) {
            this.config = config;
            this.keys = keys;
            for (String a : config.algorithms()) {
                allowedAlg[Alg.valueOf(a).ordinal()] = true;
            }
        }
    }

    private final TokenGuardConfig config;
    private final ProviderState[] providers;
    private final IssuerTable issuers;
    private final Decision[] rejections = new Decision[Reason.values().length];
    private final PathRules pathRules;
    private final VerifiedTokenCache cache;
    private final NegativeDecisions negative = new NegativeDecisions();
    final java.util.concurrent.atomic.LongAdder negativeHits = negative.hits;
    private final long leewaySeconds;
    private final int maxTokenChars;
    private final Clock clock;
    private final GuardMetricsImpl metrics = new GuardMetricsImpl();
    private final ThreadLocal<TokenScan> scratch;

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
        }
        this.issuers = new IssuerTable(config.providers(), metrics);
        for (Reason r : Reason.values()) {
            rejections[r.ordinal()] = Decision.rejected(r, config.realm());
        }
        this.pathRules = new PathRules(config);
        this.cache = new VerifiedTokenCache(config.verifiedCacheSize());
        final int max = maxTokenChars;
        final IssuerTable table = issuers;
        final long leeway = leewaySeconds;
        this.scratch = ThreadLocal.withInitial(() -> new TokenScan(max, table, leeway));
        if (config.prefetchJwks()) {
            for (ProviderState p : providers) {
                p.keys.prefetch();
            }
        }
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
        if (pathRules.configured()) {
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
        TokenScan s = scratch.get();
        int d1 = jwt.indexOf('.');
        int d2 = d1 < 0 ? -1 : jwt.indexOf('.', d1 + 1);
        if (d2 < 0 || jwt.indexOf('.', d2 + 1) >= 0) {
            return false;
        }
        int n = Base64Url.decode(jwt, d1 + 1, d2, s.payload);
        if (n < 0) {
            return issuers.appearsIn(s.payload, Base64Url.decodeLenient(jwt, d1 + 1, d2, s.payload));
        }
        int r = s.scanClaims(n, Long.MIN_VALUE, false, false);
        if (r < 0) {
            return issuers.appearsIn(s.payload, n);
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
        final boolean auth0Only = pathRules.isAuth0Only(path) || pathRules.isAuth0Only(clientPath);
        final boolean rememberable = NegativeDecisions.rememberable(end - start);
        VerifiedTokenCache.Entry known = rememberable ? negative.get(src, start, end, hash) : null;
        int code = NegativeDecisions.decision(known, auth0Only);
        if (code != VerifiedTokenCache.UNKNOWN) {
            negative.hits.increment();
            return code == VerifiedTokenCache.PASS ? passThrough() : reject(REASONS[code], src, start, end, path);
        }
        TokenScan s = scratch.get();
        s.remember = VerifiedTokenCache.UNKNOWN;
        GuardDecision d = classify(src, start, end, path, clientPath, applyPathRules, now, auth0Only, s);
        if (s.remember != VerifiedTokenCache.UNKNOWN && rememberable) {
            negative.remember(src, start, end, hash, known, auth0Only, s.remember, now);
        }
        return d;
    }

    /**
     * Everything after the caches. Decisions that depend only on the token's characters and the
     * configuration (never on keys, and on time only as expired, which stays true) set s.remember,
     * for this kind of path, so the caller can remember them.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), see the signing input
    private GuardDecision classify(String src, int start, int end, String path, String clientPath, boolean applyPathRules,
            long now,
            boolean auth0Only, TokenScan s) {
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
        for (int step : TokenScan.PREFIX_STEPS) {
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
            int early = s.scanClaims(decodedBytes, now, true, auth0Only);
            if (early == TokenScan.EXPIRED) {
                issuers.count(s);
                return remember(s, reject(Reason.TOKEN_EXPIRED, src, start, end, path));
            }
            if (early == TokenScan.FOREIGN) {
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
        int scan = s.scanClaims(payloadLength, now, false, auth0Only);
        if (scan < 0) {
            GuardDecision d = reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
            return prefixOurs ? d : remember(s, d);
        }
        issuers.count(s);
        if (s.provider < 0) {
            // another issuer's token (or none named): nothing more to read
            return remember(s, auth0Only ? reject(Reason.ISSUER_UNTRUSTED, src, start, end, path) : passThrough());
        }

        // the token claims to be ours: every failure from here on is a rejection.
        // Time first: an expired token is refused without reading further (scanClaims stopped early).
        if (scan != TokenScan.EXPIRED && (s.duplicate || s.badType || s.foreignIssuer)) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        if (scan == TokenScan.EXPIRED || !s.has(TokenScan.EXP) || now >= TokenScan.toMillis(s.exp, leewaySeconds)) {
            return remember(s, reject(Reason.TOKEN_EXPIRED, src, start, end, path));
        }
        if (s.has(TokenScan.NBF) && now < TokenScan.toMillis(s.nbf, -leewaySeconds)) {
            return reject(Reason.TOKEN_NOT_YET_VALID, src, start, end, path);
        }
        if (s.has(TokenScan.IAT) && now < TokenScan.toMillis(s.iat, -leewaySeconds)) {
            return reject(Reason.ISSUED_IN_FUTURE, src, start, end, path);
        }
        ProviderState p = providers[s.provider];
        int headerLength = Base64Url.decode(src, start, d1, s.header);
        if (headerLength < 0) {
            return reject(Reason.TOKEN_MALFORMED, src, start, end, path);
        }
        if (!s.scanHeader(headerLength)) {
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
        List<String> audiences = s.readAudiences(payloadLength);
        if (audiences == null) {
            return reject(Reason.TOKEN_UNPARSABLE, src, start, end, path);
        }
        if (!anyOf(audiences, p.config.audiences())) {
            return reject(Reason.AUDIENCE_MISMATCH, src, start, end, path);
        }
        String azp = s.has(TokenScan.AZP) ? FlatJson.decode(s.payload, s.azpStart, s.azpEnd, s.azpEscaped) : null;
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
                s.has(TokenScan.SUB) ? FlatJson.decode(s.payload, s.subStart, s.subEnd, s.subEscaped) : null,
                azp, audiences, s.exp, s.has(TokenScan.IAT) ? s.iat : 0L, kid, alg.name(),
                p.config.name(), Arrays.copyOf(s.payload, payloadLength),
                s.has(TokenScan.SCOPE) ? s.scopeStart : -1, s.scopeEnd, s.scopeEscaped,
                s.has(TokenScan.PERMISSIONS) ? s.permissionsPos : -1);
        VerifiedTokenCache.Entry entry = new VerifiedTokenCache.Entry(token, VerifiedTokenCache.hash(src, start, end),
                TokenScan.toMillis(s.exp, leewaySeconds), key, verified);
        cache.put(entry, now);
        return applyPathRules ? pathRules(verified, entry.accepted, path, clientPath, src, start, end) : accept(entry.accepted);
    }

    /** The most specific scope rule of each spelling of the path must hold. */
    private GuardDecision pathRules(VerifiedTokenImpl token, Decision accepted, String path, String clientPath, String src,
            int start, int end) {
        if (pathRules.hasScopeRules()) {
            PathRules.ScopeRule unmet = pathRules.unmet(token, path);
            if (unmet == null && clientPath != null) {
                unmet = pathRules.unmet(token, clientPath);
            }
            if (unmet != null) {
                metrics.rejected(Reason.SCOPE_INSUFFICIENT);
                if (LOG.isDebugEnabled()) {
                    logRejection(Reason.SCOPE_INSUFFICIENT, src, start, end, path);
                }
                return unmet.refusal;
            }
        }
        return accept(accepted);
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
        return pathRules.isAuth0Only(path) || pathRules.isAuth0Only(clientPath) ? reject(Reason.TOKEN_MISSING, null, 0, 0, path) : passThrough();
    }

    private GuardDecision notAJwt(Reason reason, String src, int start, int end, String path, boolean auth0Only) {
        return auth0Only ? reject(reason, src, start, end, path) : passThrough();
    }

    /** Marks a decision taken on the token's characters alone as one the negative cache may keep. */
    private static GuardDecision remember(TokenScan s, GuardDecision d) {
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

    private static boolean anyOf(List<String> values, java.util.Set<String> allowed) {
        for (int i = 0; i < values.size(); i++) {
            if (allowed.contains(values.get(i))) {
                return true;
            }
        }
        return false;
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
