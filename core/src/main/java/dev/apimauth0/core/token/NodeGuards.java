package dev.apimauth0.core.token;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the bundles of one node share about Auth0 tokens, although each embeds its own copy of this package (so a
 * {@link TokenGuard} of one bundle is not a TokenGuard to another): the gateway handlers' guards, published so that
 * APIM's JWT validator can verify with the same instance (its caches, its JWKS) when the settings of the tenant
 * agree, and the key manager's settings, handed to the JWT validator that APIM creates right after it on the same
 * thread. Everything crosses bundles as JDK types only, through one map anchored in the platform MBean server (the
 * one registry every class loader of the JVM sees; the bean shows no attributes).
 */
public final class NodeGuards {

    /** Bump when the shapes below change: bundles of another build then simply do not meet. */
    static final String PROTOCOL = "2";
    private static final String GUARD = "guard:";
    private static final String HAND_OVER = "handover:";
    private static final String VERSION = "version";
    private static final int MAX_HAND_OVERS = 1024;

    private static volatile ConcurrentMap<String, Object> shared;

    private NodeGuards() {
    }

    /**
     * The key under which a guard verifies tokens of one provider exactly like another: every provider setting and
     * the guard settings {@link TokenGuard#verify} depends on (not the provider's name, path rules or the realm).
     */
    public static String key(TokenGuardConfig config, ProviderConfig p) {
        return "iss=" + new TreeSet<>(p.issuers()) + ";aud=" + new TreeSet<>(p.audiences()) + ";jwks=" + p.jwksUri()
                + ";alg=" + new TreeSet<>(p.algorithms()) + ";azp=" + new TreeSet<>(p.allowedAuthorizedParties())
                + ";cooldown=" + p.jwksCooldownMillis() + ";maxAge=" + p.jwksMaxAgeMillis()
                + ";connect=" + p.jwksConnectTimeoutMillis() + ";read=" + p.jwksReadTimeoutMillis()
                + ";kids=" + p.unknownKidMemory() + ";wait=" + p.jwksFetchWaitMillis()
                + ";leeway=" + config.clockLeewaySeconds() + ";max=" + config.maxTokenBytes();
    }

    // ------------------------------------------------------------------ guards

    /** A guard's publication; {@link #withdraw()} takes it back (idempotent). */
    public interface Publication {
        void withdraw();
    }

    /**
     * Offers the guard to the node for each of its providers. A later publication under the same key replaces an
     * earlier one; withdrawing removes only this guard's entries.
     */
    public static Publication publish(final TokenGuard guard, TokenGuardConfig config) {
        final ConcurrentMap<String, Object> map = shared();
        final Map<String, Object> entry = entry(guard);
        final List<String> keys = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            String k = GUARD + key(config, p);
            map.put(k, entry);
            keys.add(k);
        }
        version(map).incrementAndGet();
        return new Publication() {
            private volatile boolean done;

            @Override
            public void withdraw() {
                if (done) {
                    return;
                }
                done = true;
                for (String k : keys) {
                    map.remove(k, entry);
                }
                version(map).incrementAndGet();
            }
        };
    }

    /**
     * The guard published under the key: the instance itself when it comes from this copy of the package, else a
     * view of it that answers {@link TokenGuard#verify}, {@link TokenGuard#isOurs} and {@link TokenGuard#metrics}
     * (not {@link TokenGuard#check}, and {@link TokenGuard#close} only lets go of it). Null when none is published.
     */
    public static TokenGuard published(String key) {
        Object e = shared().get(GUARD + key);
        if (!(e instanceof Map)) {
            return null;
        }
        Map<?, ?> entry = (Map<?, ?>) e;
        Object own = entry.get("guard");
        if (own instanceof TokenGuard) {
            return (TokenGuard) own;
        }
        return new Borrowed(entry);
    }

    /** Changes whenever a guard is published or withdrawn: callers holding a {@link #published} guard re-ask then. */
    public static long version() {
        return version(shared()).get();
    }

    // ------------------------------------------------------------------ settings hand-over

    /**
     * Leaves settings (keys of {@link GuardSettings}) for the component that APIM creates next on this thread for
     * this issuer (KeyManagerHolder: loadConfiguration, then the JWT validator's loadTokenIssuerConfiguration).
     */
    public static void handOver(String issuer, Map<String, String> settings) {
        ConcurrentMap<String, Object> map = shared();
        if (map.size() > MAX_HAND_OVERS) {
            // hand-overs nobody took (self-validation off): drop them rather than grow
            for (String k : new ArrayList<>(map.keySet())) {
                if (k.startsWith(HAND_OVER)) {
                    map.remove(k);
                }
            }
        }
        map.put(handOverKey(issuer), Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /** The settings left on this thread for the issuer, removed; null when there are none. */
    public static Map<String, String> takeHandOver(String issuer) {
        Object v = shared().remove(handOverKey(issuer));
        if (!(v instanceof Map)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return out;
    }

    private static String handOverKey(String issuer) {
        return HAND_OVER + Thread.currentThread().getId() + ":" + issuer;
    }

    // ------------------------------------------------------------------ the shared map

    private static AtomicLong version(ConcurrentMap<String, Object> map) {
        Object v = map.get(VERSION);
        if (v instanceof AtomicLong) {
            return (AtomicLong) v;
        }
        Object prior = map.putIfAbsent(VERSION, new AtomicLong());
        return (AtomicLong) (prior instanceof AtomicLong ? prior : map.get(VERSION));
    }

    @SuppressWarnings("unchecked")
    static ConcurrentMap<String, Object> shared() {
        ConcurrentMap<String, Object> m = shared;
        if (m != null) {
            return m;
        }
        synchronized (NodeGuards.class) {
            if (shared != null) {
                return shared;
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name;
            try {
                name = new ObjectName("dev.apimauth0:type=NodeGuards,protocol=" + PROTOCOL);
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
            ConcurrentMap<String, Object> mine = new ConcurrentHashMap<>();
            try {
                server.registerMBean(new Anchor(mine), name);
                m = mine;
            } catch (InstanceAlreadyExistsException e) {
                m = null;
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + name, e);
            }
            if (m == null) {
                try {
                    m = (ConcurrentMap<String, Object>) server.getAttribute(name, Anchor.ATTRIBUTE);
                } catch (JMException e) {
                    throw new IllegalStateException("cannot read " + name, e);
                }
            }
            shared = m;
            return m;
        }
    }

    /** The MBean that holds the map: no attributes or operations to show, the map only to who asks by name. */
    private static final class Anchor implements DynamicMBean {
        static final String ATTRIBUTE = "map";
        private final ConcurrentMap<String, Object> map;

        Anchor(ConcurrentMap<String, Object> map) {
            this.map = map;
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (ATTRIBUTE.equals(attribute)) {
                return map;
            }
            throw new AttributeNotFoundException(attribute);
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException(attribute.getName());
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException(actionName);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(Anchor.class.getName(), "Auth0 token guards shared by the bundles of this node",
                    null, null, null, null);
        }
    }

    // ------------------------------------------------------------------ JDK-typed view of a guard

    /**
     * The key of the encoded form's slot under which a copy keeps what it decoded: this copy's own class, so each
     * copy finds only what it put there itself (the value is of this copy's types).
     */
    private static final Object DECODED = Seen.class;
    /** Bounds the owner's memory of encoded rejections (one per reason and guard in practice). */
    private static final int MAX_ENCODED_REFUSALS = 256;
    /** The owner's encoding of a verified token, kept with it (derived: once per verified token while cached). */
    private static final Function<VerifiedToken, Map<String, Object>> ENCODE_ACCEPTED = NodeGuards::encodeAccepted;

    private static Map<String, Object> entry(final TokenGuard guard) {
        // rejections and the pass-through are immutable decisions built once per guard: encoded once each too
        final ConcurrentMap<GuardDecision, Map<String, Object>> refusals = new ConcurrentHashMap<>();
        Map<String, Object> e = new HashMap<>();
        e.put("guard", guard);
        e.put("verify", (Function<String, Map<String, Object>>) jwt -> encoded(guard.verify(jwt), refusals));
        e.put("isOurs", (Predicate<String>) guard::isOurs);
        e.put("metrics", (Supplier<Map<String, Long>>) () -> {
            GuardMetrics m = guard.metrics();
            Map<String, Long> out = new HashMap<>();
            out.put("accepted", m.accepted());
            out.put("passedThrough", m.passedThrough());
            out.put("rejected", m.rejected());
            out.put("verifiedCacheHits", m.verifiedCacheHits());
            out.put("jwksFetches", m.jwksFetches());
            out.put("jwksFetchFailures", m.jwksFetchFailures());
            for (Map.Entry<String, Long> r : m.rejectedByReason().entrySet()) {
                out.put("rejected." + r.getKey(), r.getValue());
            }
            for (Map.Entry<String, Long> r : m.issuerMatches().entrySet()) {
                out.put("issuer." + r.getKey(), r.getValue());
            }
            return out;
        });
        return Collections.unmodifiableMap(e);
    }

    /**
     * A decision in JDK types, the same immutable map each time the same decision is encoded: for an acceptance,
     * once per verified token (kept with the token while the guard caches it, so it dies with the cache entry and a
     * token past its expiry is refused by the guard before any encoding is looked at); for a rejection or a
     * pass-through, once per decision instance of this guard. Each map has a "slot" where the borrowing copies keep
     * what they decoded from it, under keys of their own.
     */
    private static Map<String, Object> encoded(GuardDecision d, ConcurrentMap<GuardDecision, Map<String, Object>> refusals) {
        if (d.outcome() == GuardDecision.Outcome.ACCEPTED) {
            return d.token().derived(ENCODE_ACCEPTED);
        }
        Map<String, Object> m = refusals.get(d);
        if (m == null) {
            m = encodeRefusal(d);
            if (refusals.size() < MAX_ENCODED_REFUSALS) {
                Map<String, Object> prior = refusals.putIfAbsent(d, m);
                m = prior != null ? prior : m;
            }
        }
        return m;
    }

    private static Map<String, Object> encodeRefusal(GuardDecision d) {
        Map<String, Object> m = new HashMap<>();
        m.put("outcome", d.outcome().name());
        if (d.outcome() == GuardDecision.Outcome.REJECTED) {
            m.put("reason", d.reason().code());
            m.put("httpStatus", d.httpStatus());
            m.put("wwwAuthenticate", d.wwwAuthenticate());
            m.put("description", d.description());
            m.put("requiredScopes", d.requiredScopes());
        }
        m.put("slot", new ConcurrentHashMap<Object, Object>(4));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> encodeAccepted(VerifiedToken t) {
        Map<String, Object> m = new HashMap<>();
        m.put("outcome", GuardDecision.Outcome.ACCEPTED.name());
        m.put("iss", t.issuer());
        m.put("sub", t.subject());
        m.put("azp", t.authorizedParty());
        m.put("aud", Collections.unmodifiableList(new ArrayList<>(t.audiences())));
        m.put("scopes", Collections.unmodifiableList(new ArrayList<>(t.scopes())));
        m.put("exp", t.expiresAt());
        m.put("iat", t.issuedAt());
        m.put("kid", t.keyId());
        m.put("alg", t.algorithm());
        m.put("provider", t.providerName());
        // on first use only: the SHA-256 costs more than the rest of a new token's encoding, and is for logs
        m.put("tokenHash", (Supplier<String>) t::tokenHash);
        m.put("claims", t.claims());
        m.put("slot", new ConcurrentHashMap<Object, Object>(4));
        return Collections.unmodifiableMap(m);
    }

    /** Another copy's guard, seen through the JDK types of its entry. */
    private static final class Borrowed implements TokenGuard {
        private final Function<String, Map<String, Object>> verify;
        private final Predicate<String> isOurs;
        private final Supplier<Map<String, Long>> metrics;

        @SuppressWarnings("unchecked")
        Borrowed(Map<?, ?> entry) {
            this.verify = (Function<String, Map<String, Object>>) entry.get("verify");
            this.isOurs = (Predicate<String>) entry.get("isOurs");
            this.metrics = (Supplier<Map<String, Long>>) entry.get("metrics");
        }

        @Override
        public GuardDecision check(String authorizationHeader, String requestPath) {
            throw new UnsupportedOperationException("a guard published by another bundle answers verify only");
        }

        @Override
        public GuardDecision check(String authorizationHeader, String requestPath, String clientPath) {
            throw new UnsupportedOperationException("a guard published by another bundle answers verify only");
        }

        /**
         * The owner's decision, decoded once per encoded form: the owner hands out the same form for the same
         * decision (an acceptance: for the same verified token), and this copy keeps its decoding in the form's slot,
         * so a repeated token costs the owner's cache lookup and one map read. Every call still asks the owner, which
         * checks expiry and keys each time.
         */
        @Override
        @SuppressWarnings("unchecked")
        public GuardDecision verify(String jwt) {
            Map<String, Object> m = verify.apply(jwt);
            Object slot = m.get("slot");
            if (!(slot instanceof ConcurrentMap)) {
                return decode(m); // an owner that keeps no slot
            }
            ConcurrentMap<Object, Object> mine = (ConcurrentMap<Object, Object>) slot;
            Object kept = mine.get(DECODED);
            if (kept instanceof Seen) {
                return (Seen) kept;
            }
            Seen d = decode(m);
            kept = mine.putIfAbsent(DECODED, d);
            return kept instanceof Seen ? (Seen) kept : d;
        }

        @Override
        public boolean isOurs(String jwt) {
            return isOurs.test(jwt);
        }

        @Override
        public GuardMetrics metrics() {
            final Map<String, Long> m = metrics.get();
            return new GuardMetrics() {
                @Override public long accepted() { return get("accepted"); }
                @Override public long passedThrough() { return get("passedThrough"); }
                @Override public long rejected() { return get("rejected"); }
                @Override public long verifiedCacheHits() { return get("verifiedCacheHits"); }
                @Override public long jwksFetches() { return get("jwksFetches"); }
                @Override public long jwksFetchFailures() { return get("jwksFetchFailures"); }

                @Override
                public Map<String, Long> rejectedByReason() {
                    return prefixed("rejected.");
                }

                @Override
                public Map<String, Long> issuerMatches() {
                    return prefixed("issuer.");
                }

                private Map<String, Long> prefixed(String prefix) {
                    Map<String, Long> out = new HashMap<>();
                    for (Map.Entry<String, Long> e : m.entrySet()) {
                        if (e.getKey().startsWith(prefix)) {
                            out.put(e.getKey().substring(prefix.length()), e.getValue());
                        }
                    }
                    return out;
                }

                private long get(String k) {
                    Long v = m.get(k);
                    return v == null ? 0 : v;
                }
            };
        }

        @Override
        public void close() {
            // the publishing bundle owns the guard
        }
    }

    private static Seen decode(Map<String, Object> m) {
        GuardDecision.Outcome outcome = GuardDecision.Outcome.valueOf((String) m.get("outcome"));
        if (outcome == GuardDecision.Outcome.ACCEPTED) {
            return new Seen(outcome, null, new SeenToken(m), 0, null, null, null);
        }
        if (outcome == GuardDecision.Outcome.REJECTED) {
            Reason reason = Reason.fromCode((String) m.get("reason"));
            if (reason == null) {
                throw new IllegalStateException("unknown rejection reason " + m.get("reason"));
            }
            return new Seen(outcome, reason, null, (Integer) m.get("httpStatus"), (String) m.get("wwwAuthenticate"),
                    (String) m.get("description"), (String) m.get("requiredScopes"));
        }
        return new Seen(outcome, null, null, 0, null, null, null);
    }

    private static final class Seen implements GuardDecision {
        private final Outcome outcome;
        private final Reason reason;
        private final VerifiedToken token;
        private final int httpStatus;
        private final String wwwAuthenticate;
        private final String description;
        private final String requiredScopes;

        Seen(Outcome outcome, Reason reason, VerifiedToken token, int httpStatus, String wwwAuthenticate,
             String description, String requiredScopes) {
            this.outcome = outcome;
            this.reason = reason;
            this.token = token;
            this.httpStatus = httpStatus;
            this.wwwAuthenticate = wwwAuthenticate;
            this.description = description;
            this.requiredScopes = requiredScopes;
        }

        @Override public Outcome outcome() { return outcome; }
        @Override public Reason reason() { return reason; }
        @Override public VerifiedToken token() { return token; }
        @Override public int httpStatus() { return httpStatus; }
        @Override public String wwwAuthenticate() { return wwwAuthenticate; }
        @Override public String description() { return description; }
        @Override public String requiredScopes() { return requiredScopes; }
    }

    /**
     * Another copy's verified token, read once from its encoded form. Kept in the form's slot, so it lives as long as
     * the owner caches the token, and what a caller derives from it is kept with it like with the owner's own tokens.
     */
    private static final class SeenToken implements VerifiedToken {
        private final String issuer;
        private final String subject;
        private final String authorizedParty;
        private final List<String> audiences;
        private final Set<String> scopes;
        private final long expiresAt;
        private final long issuedAt;
        private final String keyId;
        private final String algorithm;
        private final String providerName;
        private final Supplier<String> tokenHash;
        private final Map<String, Object> claims;
        private final DerivedValues derived = new DerivedValues();

        @SuppressWarnings("unchecked")
        SeenToken(Map<String, Object> m) {
            issuer = (String) m.get("iss");
            subject = (String) m.get("sub");
            authorizedParty = (String) m.get("azp");
            audiences = Collections.unmodifiableList(new ArrayList<>((List<String>) m.get("aud")));
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>((List<String>) m.get("scopes")));
            expiresAt = (Long) m.get("exp");
            issuedAt = (Long) m.get("iat");
            keyId = (String) m.get("kid");
            algorithm = (String) m.get("alg");
            providerName = (String) m.get("provider");
            tokenHash = (Supplier<String>) m.get("tokenHash");
            claims = (Map<String, Object>) m.get("claims");
        }

        @Override public String issuer() { return issuer; }
        @Override public String subject() { return subject; }
        @Override public String authorizedParty() { return authorizedParty; }
        @Override public List<String> audiences() { return audiences; }
        @Override public Set<String> scopes() { return scopes; }
        @Override public long expiresAt() { return expiresAt; }
        @Override public long issuedAt() { return issuedAt; }
        @Override public String keyId() { return keyId; }
        @Override public String algorithm() { return algorithm; }
        @Override public String providerName() { return providerName; }
        @Override public String tokenHash() { return tokenHash.get(); }
        @Override public Map<String, Object> claims() { return claims; }

        @Override
        public <T> T derived(Function<? super VerifiedToken, ? extends T> derivation) {
            return derived.get(this, derivation);
        }

        @Override
        public String toString() {
            return "VerifiedToken{provider=" + providerName + ", sub=" + subject + ", azp=" + authorizedParty
                    + ", token=" + tokenHash.get() + "}";
        }
    }
}
