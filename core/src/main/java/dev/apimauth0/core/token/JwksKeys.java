package dev.apimauth0.core.token;

import dev.apimauth0.core.config.Defaults;
import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;

import com.auth0.jwk.Jwk;
import com.auth0.jwk.UrlJwkProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One provider's signing keys. jwks-rsa fetches and parses the JWKS; this class decides when to
 * fetch and what to serve, because a gateway must neither fail open nor let made-up kids starve
 * genuine ones (the flaw of jwks-rsa's own rate limiter):
 * <ul>
 * <li>Cached kids are served from an immutable snapshot, never wait and never fetch. When the
 *     snapshot is older than the max age, one background refresh starts; if it fails the old keys
 *     stay in use (an Auth0 outage does not break valid traffic).</li>
 * <li>An uncached kid starts a fetch only if none ran within the cooldown (one per cooldown, all
 *     threads together). One fetch is in flight at a time; requests that need it wait for it at most
 *     {@link ProviderConfig#jwksFetchWaitMillis()} and are then rejected with keys_unavailable while
 *     the fetch goes on for later requests.</li>
 * <li>A kid still missing after a successful fetch is remembered (bounded, until the key set grows or
 *     the max age passes), so repeating it costs nothing.</li>
 * <li>No key and no successful fetch: keys_unavailable. Never accept without a key.</li>
 * </ul>
 */
final class JwksKeys {

    private static final Log LOG = LogFactory.getLog(JwksKeys.class);

    /** What a guard can do with a key. */
    static final class KeyEntry {
        final String kid;
        final PublicKey key;
        /** The JWK's own alg, or null when the JWK does not restrict it. */
        final Alg jwkAlg;
        final boolean rsa;
        final int ecFieldBits;
        /** Set when a refresh no longer lists this key: verified tokens signed with it stop being served. */
        volatile boolean revoked;
        /** The provider's key cache (null for the sentinels). */
        JwksKeys owner;
        private final ThreadLocal<Signature>[] verifiers;

        @SuppressWarnings("unchecked")
        KeyEntry(String kid, PublicKey key, Alg jwkAlg) {
            this.kid = kid;
            this.key = key;
            this.jwkAlg = jwkAlg;
            this.rsa = key instanceof RSAPublicKey;
            this.ecFieldBits = key instanceof ECPublicKey
                    ? ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() : 0;
            this.verifiers = new ThreadLocal[Alg.values().length];
            for (final Alg alg : Alg.values()) {
                verifiers[alg.ordinal()] = new ThreadLocal<Signature>() {
                    @Override
                    protected Signature initialValue() {
                        try {
                            Signature s = Signature.getInstance(alg.jcaName);
                            s.initVerify(KeyEntry.this.key);
                            return s;
                        } catch (java.security.GeneralSecurityException e) {
                            throw new IllegalStateException("JCA cannot verify " + alg + " with key " + KeyEntry.this.kid, e);
                        }
                    }
                };
            }
        }

        /** The key type must match the alg family (and curve), and the JWK's alg if it names one. */
        boolean supports(Alg alg) {
            if (key == null || (jwkAlg != null && jwkAlg != alg)) {
                return false;
            }
            return alg.isEc() ? ecFieldBits == alg.ecFieldBits() : rsa;
        }

        /** Verifies without throwing; the Signature is reused per thread (verify() resets it). */
        boolean verify(Alg alg, byte[] data, int dataLength, byte[] sig, int sigLength) {
            ThreadLocal<Signature> local = verifiers[alg.ordinal()];
            byte[] der = null;
            if (alg.isEc()) {
                der = Alg.joseToDer(sig, sigLength, alg.ecPartLength);
                if (der == null) {
                    return false;
                }
            }
            Signature s;
            try {
                s = local.get();
            } catch (IllegalStateException e) {
                LOG.warn("apim-auth0: " + e.getMessage());
                return false;
            }
            try {
                s.update(data, 0, dataLength);
                return der != null ? s.verify(der) : s.verify(sig, 0, sigLength);
            } catch (java.security.SignatureException | RuntimeException e) {
                local.remove(); // state unknown after an exception: start clean next time
                return false;
            }
        }

        private boolean sameKey(KeyEntry other) {
            return other != null && other.key.equals(key) && other.jwkAlg == jwkAlg;
        }
    }

    /** Lookup results that are not keys. */
    static final KeyEntry UNKNOWN = new KeyEntry("(unknown)", null, null);
    static final KeyEntry UNAVAILABLE = new KeyEntry("(unavailable)", null, null);

    /** Fetches the JWK list; jwks-rsa's UrlJwkProvider in production. */
    interface Fetcher {
        List<Jwk> fetch() throws Exception;
    }

    private static final class Snapshot {
        final Map<String, KeyEntry> keys;
        final long fetchedAtMillis;

        Snapshot(Map<String, KeyEntry> keys, long fetchedAtMillis) {
            this.keys = keys;
            this.fetchedAtMillis = fetchedAtMillis;
        }
    }

    private final ProviderConfig config;
    private final GuardMetricsImpl metrics;
    private final Clock clock;
    private final Fetcher fetcher;
    private final ThreadPoolExecutor executor;

    private volatile Snapshot snapshot;
    private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;
    private volatile boolean lastFetchFailed;
    private CompletableFuture<Boolean> inFlight; // guarded by this
    private final LinkedHashMap<String, Long> unknownKids = new LinkedHashMap<>(); // guarded by itself

    JwksKeys(ProviderConfig config, GuardMetricsImpl metrics, Clock clock) {
        this(config, metrics, clock, urlFetcher(config));
    }

    JwksKeys(ProviderConfig config, GuardMetricsImpl metrics, Clock clock, Fetcher fetcher) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.fetcher = fetcher;
        final String threadName = "apim-auth0-jwks-" + config.name();
        this.executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    private static Fetcher urlFetcher(ProviderConfig config) {
        final UrlJwkProvider provider;
        try {
            provider = new UrlJwkProvider(config.jwksUri().toURL(), config.jwksConnectTimeoutMillis(),
                    config.jwksReadTimeoutMillis());
        } catch (java.net.MalformedURLException e) {
            throw new InvalidSettingException(Defaults.DEFAULT_PROVIDER_NAME.equals(config.name()) ? "jwks_uri"
                    : "provider." + config.name() + ".jwks_uri", "is not a URL", String.valueOf(config.jwksUri()));
        }
        return provider::getAll;
    }

    /** Starts the first fetch in the background. */
    void prefetch() {
        startFetch(clock.millis());
    }

    /**
     * The key for the kid, or {@link #UNKNOWN} (no such key after a refresh), or {@link #UNAVAILABLE}
     * (the JWKS could not be fetched and the kid is not cached).
     */
    KeyEntry lookup(String kid) {
        long now = clock.millis();
        Snapshot s = snapshot;
        if (s != null) {
            KeyEntry k = s.keys.get(kid);
            if (k != null) {
                refreshIfStale(now);
                return k;
            }
        }
        if (kid.length() > Defaults.MAX_KID_LENGTH || isRemembered(kid, now)) {
            return UNKNOWN;
        }
        CompletableFuture<Boolean> f = startFetch(now);
        if (f == null) {
            // within the cooldown and nothing in flight: answer from what we know
            return s == null || lastFetchFailed ? UNAVAILABLE : UNKNOWN;
        }
        Boolean ok;
        try {
            ok = f.get(config.jwksFetchWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNAVAILABLE;
        } catch (ExecutionException e) {
            return UNAVAILABLE;
        }
        Snapshot s2 = snapshot;
        KeyEntry k = s2 == null ? null : s2.keys.get(kid);
        if (k != null) {
            return k;
        }
        if (!Boolean.TRUE.equals(ok)) {
            return UNAVAILABLE;
        }
        remember(kid, now);
        return UNKNOWN;
    }

    /**
     * Starts a background refresh when the keys are older than the max age (at most once per
     * cooldown); the caller goes on with the cached key. Also called on verified-cache hits so that
     * rotations and revocations are seen while only cached tokens arrive.
     */
    void refreshIfStale(long now) {
        Snapshot s = snapshot;
        if (s != null && now - s.fetchedAtMillis >= config.jwksMaxAgeMillis()
                && now - lastAttemptMillis >= config.jwksCooldownMillis()) {
            startFetch(now);
        }
    }

    /** The fetch in flight, a new one if the cooldown allows, or null. */
    private synchronized CompletableFuture<Boolean> startFetch(long now) {
        if (inFlight != null) {
            return inFlight;
        }
        if (now - lastAttemptMillis < config.jwksCooldownMillis() || executor.isShutdown()) {
            return null;
        }
        lastAttemptMillis = now;
        final CompletableFuture<Boolean> f = new CompletableFuture<>();
        inFlight = f;
        try {
            executor.execute(() -> {
                boolean ok = false;
                try {
                    ok = fetchNow();
                } finally {
                    synchronized (JwksKeys.this) {
                        inFlight = null;
                    }
                    f.complete(ok);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight = null;
            f.complete(false);
        }
        return f;
    }

    private boolean fetchNow() {
        metrics.jwksFetches.increment();
        try {
            List<Jwk> jwks = fetcher.fetch();
            Snapshot old = snapshot;
            Map<String, KeyEntry> fresh = new HashMap<>();
            for (Jwk jwk : jwks) {
                KeyEntry e = toEntry(jwk);
                if (e == null) {
                    continue;
                }
                KeyEntry previous = old == null ? null : old.keys.get(e.kid);
                fresh.put(e.kid, e.sameKey(previous) ? previous : e);
            }
            if (fresh.isEmpty()) {
                throw new IllegalStateException("the JWKS holds no usable signing key (RSA of 2048 bits or more, "
                        + "or EC P-256/P-384/P-521, with a kid)");
            }
            boolean grew = old == null || !old.keys.keySet().containsAll(fresh.keySet());
            if (old != null) {
                for (KeyEntry e : old.keys.values()) {
                    if (fresh.get(e.kid) != e) {
                        e.revoked = true;
                    }
                }
            }
            snapshot = new Snapshot(Collections.unmodifiableMap(fresh), clock.millis());
            lastFetchFailed = false;
            if (grew) {
                synchronized (unknownKids) {
                    unknownKids.clear();
                }
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("apim-auth0: provider " + config.name() + " loaded " + fresh.size() + " signing key(s) "
                        + fresh.keySet() + " from " + config.jwksUri());
            }
            return true;
        } catch (Exception | LinkageError e) {
            metrics.jwksFetchFailures.increment();
            lastFetchFailed = true;
            Snapshot s = snapshot;
            LOG.warn("apim-auth0: fetching the JWKS of provider " + config.name() + " from " + config.jwksUri()
                    + " failed: " + describe(e) + ". " + (s == null
                    ? "No keys are cached: its tokens are rejected (keys_unavailable) until a fetch succeeds"
                    : "Serving the " + s.keys.size() + " cached key(s)") + "; next attempt in at most "
                    + config.jwksCooldownMillis() / 1000 + " s. Check that the URL is reachable from this node.");
            return false;
        }
    }

    /** Exception classes and the JDK's messages (they carry HTTP status and URL, never a token). */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getName());
            if (t.getMessage() != null) {
                sb.append(": ").append(InvalidSettingException.printable(t.getMessage()));
            }
        }
        return sb.toString();
    }

    private KeyEntry toEntry(Jwk jwk) {
        String kid = jwk.getId();
        if (kid == null || kid.isEmpty() || kid.length() > Defaults.MAX_KID_LENGTH) {
            return null;
        }
        if (jwk.getUsage() != null && !"sig".equals(jwk.getUsage())) {
            return null;
        }
        // RFC 7517 4.3: a key whose key_ops are listed may serve only those operations
        List<String> ops = jwk.getOperationsAsList();
        if (ops != null && !ops.contains("verify")) {
            return null;
        }
        Alg jwkAlg = null;
        if (jwk.getAlgorithm() != null) {
            try {
                jwkAlg = Alg.valueOf(jwk.getAlgorithm());
            } catch (IllegalArgumentException e) {
                return null; // a key for an algorithm we never allow
            }
        }
        PublicKey key;
        try {
            key = jwk.getPublicKey();
        } catch (Exception e) {
            LOG.warn("apim-auth0: provider " + config.name() + ": JWK " + kid + " skipped: " + describe(e));
            return null;
        }
        if (key instanceof RSAPublicKey) {
            if (((RSAPublicKey) key).getModulus().bitLength() < 2048) {
                LOG.warn("apim-auth0: provider " + config.name() + ": JWK " + kid + " skipped: RSA keys under 2048 bits are refused");
                return null;
            }
        } else if (!(key instanceof ECPublicKey)) {
            return null;
        }
        KeyEntry entry = new KeyEntry(kid, key, jwkAlg);
        entry.owner = this;
        return entry;
    }

    private boolean isRemembered(String kid, long now) {
        synchronized (unknownKids) {
            Long at = unknownKids.get(kid);
            if (at == null) {
                return false;
            }
            if (now - at >= config.jwksMaxAgeMillis()) {
                unknownKids.remove(kid);
                return false;
            }
            return true;
        }
    }

    private void remember(String kid, long now) {
        int cap = config.unknownKidMemory();
        if (cap <= 0) {
            return;
        }
        synchronized (unknownKids) {
            unknownKids.put(kid, now);
            Iterator<String> it = unknownKids.keySet().iterator();
            while (unknownKids.size() > cap && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    int rememberedUnknownKids() {
        synchronized (unknownKids) {
            return unknownKids.size();
        }
    }

    int cachedKeys() {
        Snapshot s = snapshot;
        return s == null ? 0 : s.keys.size();
    }

    void close() {
        executor.shutdownNow();
    }
}
