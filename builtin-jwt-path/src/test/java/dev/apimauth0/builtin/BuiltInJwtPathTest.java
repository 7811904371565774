package dev.apimauth0.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wso2.carbon.apimgt.common.gateway.dto.JWKSConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.common.gateway.dto.TokenIssuerDto;
import org.wso2.carbon.apimgt.impl.APIConstants;
import org.wso2.carbon.apimgt.impl.APIManagerConfiguration;
import org.wso2.carbon.apimgt.impl.APIManagerConfigurationService;
import org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidatorImpl;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;
import org.wso2.carbon.identity.oauth.config.OAuthServerConfiguration;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;

/**
 * APIM 4.0.0's own JWT path, run for real: org.wso2.carbon.apimgt.impl.jwt.JWTValidatorImpl from the 9.0.174 jar (what
 * the gateway uses for a key manager whose connector names no validator, as the stock Auth0 connector 1.0.1 does),
 * fetching a real JWKS over HTTP on 127.0.0.1 through JWTUtil.retrieveJWKSConfiguration and APIM's HTTP client. Each
 * condition shows that class's answer next to the token guard's, on the same endpoint:
 * <ul>
 * <li>validateSignature catches ParseException, JOSEException and IOException around the JWKS fetch and returns true:
 *     a network failure of the fetch, or a 200 that is not a JWK set, makes a forged token valid;</li>
 * <li>an HTTP error status makes retrieveJWKSConfiguration return null, and JWKSet.parse(null) throws a
 *     NullPointerException that nothing catches: the token is not accepted, the call fails;</li>
 * <li>validateToken checks no aud and no nbf, and validateTokenExpiry takes a token without exp as never expiring;</li>
 * <li>every unknown kid makes it fetch the JWKS again.</li>
 * </ul>
 * The guard refuses a forged token in every case.
 */
class BuiltInJwtPathTest {

    static final String ISSUER = "https://tenant.example.auth0.com/";
    static final String AUDIENCE = "https://api.example.com/orders";
    static final String CLIENT = "m2mClientId123";
    static final String KID = "tenant-key-1";

    /** Kept: java.util.logging holds loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger HTTP_CLIENT_LOG = java.util.logging.Logger.getLogger("org.apache.http");

    static KeyPair tenantKey;
    static KeyPair attackerKey;

    private JwksEndpoint jwks;
    private TokenGuard guard;
    private final TestClock clock = new TestClock();

    /** What APIM's validator made of a token. */
    enum Answer { ACCEPTED, REFUSED, NULL_POINTER_EXCEPTION }

    /** How the tenant's JWKS endpoint fails. */
    enum Failure {
        /** Connection refused. */
        UNREACHABLE(Answer.ACCEPTED),
        /** 200 with an HTML error page. */
        MALFORMED_200(Answer.ACCEPTED),
        /** 200 with JSON that has no "keys". */
        JSON_NOT_A_JWK_SET(Answer.ACCEPTED),
        /** 200 with a JWK set that holds no key: parsed, no key for the kid, refused. */
        EMPTY_JWK_SET(Answer.REFUSED),
        /** Auth0's rate limit. */
        HTTP_429(Answer.NULL_POINTER_EXCEPTION),
        HTTP_503(Answer.NULL_POINTER_EXCEPTION);

        final Answer apim;

        Failure(Answer apim) {
            this.apim = apim;
        }
    }

    @BeforeAll
    static void apimEnvironment() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        tenantKey = g.generateKeyPair();
        attackerKey = g.generateKeyPair();

        // what APIUtil.getHttpClient reads from api-manager.xml: the pool sizes (no proxy, no timeouts are configurable)
        APIManagerConfiguration config = mock(APIManagerConfiguration.class);
        when(config.getFirstProperty(APIConstants.HTTP_CLIENT_MAX_TOTAL)).thenReturn("100");
        when(config.getFirstProperty(APIConstants.HTTP_CLIENT_DEFAULT_MAX_PER_ROUTE)).thenReturn("50");
        APIManagerConfigurationService service = mock(APIManagerConfigurationService.class);
        when(service.getAPIManagerConfiguration()).thenReturn(config);
        ServiceReferenceHolder.getInstance().setAPIManagerConfigurationService(service);
        // validateTokenExpiry's clock skew (identity.xml's TimestampSkew)
        OAuthServerConfiguration oauth = mock(OAuthServerConfiguration.class);
        when(oauth.getTimeStampSkewInSeconds()).thenReturn(300L);
        ServiceReferenceHolder.getInstance().setOauthServerConfiguration(oauth);
        HTTP_CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @AfterEach
    void close() {
        if (guard != null) {
            guard.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    @Test
    void withTheJwksUpAGenuineTokenIsAcceptedAndAForgeryUnderTheTenantsKidRefusedByBoth() throws Exception {
        start();
        JWTValidatorImpl apim = apimValidator();
        assertThat(apim(apim, token(tenantKey, KID, claims()))).isEqualTo(Answer.ACCEPTED);
        assertThat(apim(apim, token(attackerKey, KID, claims()))).isEqualTo(Answer.REFUSED);
        assertThat(ours(token(tenantKey, KID, claims())).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(ours(token(attackerKey, KID, claims())).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aForgedTokenWhileTheJwksFailsBeforeAnyKeyWasFetched(Failure failure) throws Exception {
        start();
        jwks.fail(failure);
        String forged = token(attackerKey, KID, claims());

        assertThat(apim(apimValidator(), forged)).as("JWTValidatorImpl, " + failure).isEqualTo(failure.apim);
        GuardDecision d = ours(forged);
        assertThat(d.outcome()).as("guard, " + failure).isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(d.reason()).as("guard, " + failure).isEqualTo(Reason.KEYS_UNAVAILABLE);
        report(failure + ", no key fetched yet", failure.apim, d);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aForgedTokenWithANewKidWhileTheJwksFailsAfterTheKeysWereFetched(Failure failure) throws Exception {
        start();
        JWTValidatorImpl apim = apimValidator();
        String genuine = token(tenantKey, KID, claims());
        assertThat(apim(apim, genuine)).isEqualTo(Answer.ACCEPTED);
        assertThat(ours(genuine).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        int fetchesBefore = jwks.fetches();

        jwks.fail(failure);
        clock.advanceSeconds(31); // past the guard's refetch cooldown
        String forged = token(attackerKey, "made-up-" + UUID.randomUUID(), claims());

        assertThat(apim(apim, forged)).as("JWTValidatorImpl, " + failure).isEqualTo(failure.apim);
        GuardDecision d = ours(forged);
        assertThat(d.outcome()).as("guard, " + failure).isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(d.reason()).as("guard, " + failure).isEqualTo(Reason.KEYS_UNAVAILABLE);
        if (failure != Failure.UNREACHABLE) {
            assertThat(jwks.fetches()).as("both asked the endpoint again for the new kid").isEqualTo(fetchesBefore + 2);
        }
        // the guard's cached key keeps genuine tokens passing
        assertThat(ours(token(tenantKey, KID, claims())).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        report(failure + ", keys fetched before", failure.apim, d);
    }

    @Test
    void aJwksThatStopsAnsweringHoldsApimsCallWithoutTimeoutAndADroppedConnectionThenCountsAsValid() throws Exception {
        start();
        jwks.stall();
        String forged = token(attackerKey, KID, claims());
        JWTValidatorImpl apim = apimValidator();

        CompletableFuture<Answer> pending = CompletableFuture.supplyAsync(() -> apim(apim, forged));
        assertThat(jwks.awaitStalledRequest()).isTrue();
        // APIUtil.getHttpClient builds its RequestConfig with no timeouts: the call just waits
        assertThatStillWaiting(pending, 2);
        jwks.dropStalledConnections();
        assertThat(pending.get(10, TimeUnit.SECONDS)).as("JWTValidatorImpl once the connection drops")
                .isEqualTo(Answer.ACCEPTED);

        jwks.stall();
        long t0 = System.nanoTime();
        GuardDecision d = ours(forged);
        assertThat(d.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the guard's read timeout cut it").isLessThan(3_000);
        report("JWKS stops answering, then drops the connection", Answer.ACCEPTED, d);
    }

    @Test
    void apimChecksNoAudienceAndNoNotBeforeAndTakesATokenWithoutExpiryAsNeverExpiring() throws Exception {
        start();
        JWTValidatorImpl apim = apimValidator();
        long now = System.currentTimeMillis();

        String otherApi = token(tenantKey, KID, claims().audience("https://internal.example.com/payroll").build());
        assertThat(apim(apim, otherApi)).as("another API's token").isEqualTo(Answer.ACCEPTED);
        assertThat(ours(otherApi).reason()).isEqualTo(Reason.AUDIENCE_MISMATCH);

        String notYet = token(tenantKey, KID, claims().notBeforeTime(new Date(now + 86_400_000L)).build());
        assertThat(apim(apim, notYet)).as("nbf a day ahead").isEqualTo(Answer.ACCEPTED);
        assertThat(ours(notYet).reason()).isEqualTo(Reason.TOKEN_NOT_YET_VALID);

        String noExp = token(tenantKey, KID, claims().expirationTime(null).build());
        assertThat(apim(apim, noExp)).as("no exp").isEqualTo(Answer.ACCEPTED);
        assertThat(ours(noExp).reason()).isEqualTo(Reason.TOKEN_EXPIRED);

        // an exp in the past is checked (beyond the 300 s skew)
        String expired = token(tenantKey, KID, claims().expirationTime(new Date(now - 600_000L)).build());
        assertThat(apim(apim, expired)).as("expired").isEqualTo(Answer.REFUSED);
        assertThat(ours(expired).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
    }

    @Test
    void everyUnknownKidMakesApimFetchTheJwksAgainWhileTheGuardFetchesOncePerCooldown() throws Exception {
        start();
        JWTValidatorImpl apim = apimValidator();
        assertThat(apim(apim, token(tenantKey, KID, claims()))).isEqualTo(Answer.ACCEPTED);
        int afterFirst = jwks.fetches();
        for (int i = 0; i < 25; i++) {
            assertThat(apim(apim, token(attackerKey, "made-up-" + i, claims()))).isEqualTo(Answer.REFUSED);
        }
        assertThat(jwks.fetches() - afterFirst).as("JWTValidatorImpl's fetches for 25 unknown kids").isEqualTo(25);

        int before = jwks.fetches();
        assertThat(ours(token(tenantKey, KID, claims())).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        for (int i = 0; i < 25; i++) {
            assertThat(ours(token(attackerKey, "made-up-" + i, claims())).reason()).isEqualTo(Reason.KEY_UNKNOWN);
        }
        assertThat(jwks.fetches() - before).as("the guard's fetches: the first load, then none within the cooldown")
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------ the two validators

    private void start() throws IOException {
        jwks = new JwksEndpoint();
        ProviderConfig provider = ProviderConfig.builder("auth0")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .jwksUri(jwks.uri())
                .jwksCooldownMillis(30_000)
                .jwksConnectTimeoutMillis(500)
                .jwksReadTimeoutMillis(500)
                .jwksFetchWaitMillis(5_000)
                .build();
        guard = TokenGuards.create(TokenGuardConfig.builder().provider(provider).clock(clock)
                .prefetchJwks(false).verifiedCacheSize(0).build());
    }

    /** As KeyManagerHolder builds it for a key manager with a JWKS certificate and no validator of its own. */
    private JWTValidatorImpl apimValidator() {
        TokenIssuerDto issuer = new TokenIssuerDto(ISSUER);
        issuer.setJwksConfigurationDTO(new JWKSConfigurationDTO(jwks.uri().toString(), true));
        issuer.setConsumerKeyClaim("azp");
        issuer.setScopesClaim("scope");
        JWTValidatorImpl v = new JWTValidatorImpl();
        v.loadTokenIssuerConfiguration(issuer);
        return v;
    }

    /** As the gateway calls it: JWTValidator.getJwtValidationInfo -> JWTValidationServiceImpl -> validateToken. */
    private static Answer apim(JWTValidatorImpl validator, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTValidationInfo info = validator.validateToken(new SignedJWTInfo(token, jwt, jwt.getJWTClaimsSet()));
            return info.isValid() ? Answer.ACCEPTED : Answer.REFUSED;
        } catch (NullPointerException e) {
            // JWKSet.parse(null), called from JWTValidatorImpl.retrieveJWKSet: retrieveJWKSConfiguration's null
            assertThat(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(JWKSet.class.getName())
                    && f.getMethodName().equals("parse"));
            assertThat(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(JWTValidatorImpl.class.getName())
                    && f.getMethodName().startsWith("retrieveJWKSet"));
            return Answer.NULL_POINTER_EXCEPTION;
        } catch (Exception e) {
            throw new AssertionError("JWTValidatorImpl threw " + e, e);
        }
    }

    private GuardDecision ours(String token) {
        return guard.check("Bearer " + token, "/orders/items");
    }

    private static void report(String condition, Answer apim, GuardDecision ours) {
        System.out.printf("%-55s JWTValidatorImpl 9.0.174: %-22s guard: %s%n", condition, apim,
                ours.outcome() == GuardDecision.Outcome.REJECTED ? ours.httpStatus() + " " + ours.reason().code()
                        : ours.outcome());
    }

    private static void assertThatStillWaiting(CompletableFuture<Answer> pending, int seconds) throws Exception {
        try {
            Answer early = pending.get(seconds, TimeUnit.SECONDS);
            throw new AssertionError("JWTValidatorImpl answered " + early + " while the JWKS endpoint held the request");
        } catch (TimeoutException expected) {
            // still waiting, as APIM's request thread would be
        }
    }

    // ------------------------------------------------------------------ tokens

    private JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(CLIENT + "@clients")
                .audience(AUDIENCE)
                .issueTime(new Date(now - 10_000))
                .expirationTime(new Date(now + 3_600_000))
                .claim("azp", CLIENT)
                .claim("scope", "read:orders")
                .claim("gty", "client-credentials");
    }

    private static String token(KeyPair key, String kid, JWTClaimsSet.Builder claims) throws Exception {
        return token(key, kid, claims.build());
    }

    private static String token(KeyPair key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }

    /** The guard's clock: real time plus what a test adds, so its cooldown can pass without waiting. */
    private static final class TestClock extends Clock {
        private final AtomicLong offset = new AtomicLong();

        void advanceSeconds(long s) {
            offset.addAndGet(s * 1000);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public long millis() { return System.currentTimeMillis() + offset.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }
    }

    /**
     * The tenant's JWKS endpoint on 127.0.0.1, plain sockets so that it can also hold a request and drop the
     * connection without an answer. Counts the requests it receives.
     */
    private static final class JwksEndpoint implements AutoCloseable {

        private final ServerSocket server;
        private final URI uri;
        private final AtomicInteger fetches = new AtomicInteger();
        private final String jwkSet;
        private volatile Failure failure;
        private volatile CountDownLatch release;
        private volatile CountDownLatch stalled;

        JwksEndpoint() throws IOException {
            RSAKey jwk = new RSAKey.Builder((RSAPublicKey) tenantKey.getPublic()).keyID(KID)
                    .algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build();
            jwkSet = new JWKSet(jwk).toString();
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/.well-known/jwks.json");
            Thread acceptor = new Thread(this::accept, "jwks-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return uri;
        }

        int fetches() {
            return fetches.get();
        }

        void fail(Failure f) throws IOException {
            failure = f;
            if (f == Failure.UNREACHABLE) {
                server.close();
            }
        }

        void stall() {
            release = new CountDownLatch(1);
            stalled = new CountDownLatch(1);
        }

        boolean awaitStalledRequest() throws InterruptedException {
            return stalled.await(10, TimeUnit.SECONDS);
        }

        /** Closes the held connection, and from then on every new one at once (HttpClient retries a GET). */
        void dropStalledConnections() {
            release.countDown();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "jwks-request");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (Socket socket = s) {
                if (failure == Failure.UNREACHABLE) {
                    // a connection that got in while the endpoint was being closed: reset it, as a dead host would,
                    // rather than answer with the keys
                    socket.setSoLinger(true, 0);
                    return;
                }
                readRequestHead(socket.getInputStream());
                fetches.incrementAndGet();
                CountDownLatch r = release;
                if (r != null) {
                    stalled.countDown();
                    r.await(60, TimeUnit.SECONDS);
                    return; // close without a word
                }
                Failure f = failure;
                int status = 200;
                String type = "application/json";
                String body = jwkSet;
                if (f == Failure.MALFORMED_200) {
                    type = "text/html";
                    body = "<html><body><h1>504 Gateway Time-out</h1></body></html>";
                } else if (f == Failure.JSON_NOT_A_JWK_SET) {
                    body = "{\"error\":\"temporarily unavailable\"}";
                } else if (f == Failure.EMPTY_JWK_SET) {
                    body = "{\"keys\":[]}";
                } else if (f == Failure.HTTP_429) {
                    status = 429;
                    body = "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"Global limit has been reached\"}";
                } else if (f == Failure.HTTP_503) {
                    status = 503;
                    body = "{\"statusCode\":503,\"error\":\"Service Unavailable\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void readRequestHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() {
            CountDownLatch r = release;
            if (r != null) {
                r.countDown();
            }
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
