package dev.apimauth0.core.token;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way the JWKS fetch can fail, one by one: the endpoint unreachable, answering too slowly, answering 200 with
 * something that is not a JWK set, answering 429 (Auth0's rate limit) or 503. APIM 4.0.0's own JWTValidatorImpl
 * (9.0.174, validateSignature) accepts a forged token on the first and the third; the guard rejects a forged token
 * in each, and a key it already holds keeps genuine tokens passing through each.
 */
class JwksFailureConditionsTest {

    /** How the JWKS endpoint fails. */
    enum Failure {
        /** Nothing listens on the port: connection refused. */
        UNREACHABLE,
        /** Accepts the request and answers after the read timeout. */
        TIMEOUT,
        /** 200 with a body that is not a JWK set (a proxy's error page). */
        MALFORMED_200,
        /** Auth0's rate limit. */
        HTTP_429,
        HTTP_503
    }

    private static final long COOLDOWN_MS = 30_000;

    @ParameterizedTest
    @EnumSource(Failure.class)
    void withNoKeyCachedEveryTokenIsRefusedAsKeysUnavailable(Failure failure) throws Exception {
        try (Jwks jwks = new Jwks()) {
            jwks.fail(failure);
            MutableClock clock = MutableClock.now();
            try (TokenGuard guard = guard(jwks, clock)) {
                String forged = TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(clock.seconds()),
                        TestTokens.rsa("attacker").getPrivate());
                GuardDecision d = check(guard, forged);
                assertThat(d.outcome()).as(failure.name()).isEqualTo(GuardDecision.Outcome.REJECTED);
                assertThat(d.reason()).as(failure.name()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                assertThat(d.httpStatus()).isEqualTo(401);
                // a genuine token cannot be verified either: refused, never waved through
                String genuine = TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(clock.seconds()),
                        jwks.key.getPrivate());
                assertThat(check(guard, genuine).reason()).as(failure.name()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                assertThat(guard.metrics().jwksFetchFailures()).as(failure.name()).isEqualTo(1);
                assertThat(guard.metrics().accepted()).isZero();
                if (failure != Failure.UNREACHABLE) {
                    assertThat(jwks.fetches()).as("the endpoint was asked").isEqualTo(1);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aCachedKeyKeepsGenuineTokensPassingAndForgeriesAreRefused(Failure failure) throws Exception {
        try (Jwks jwks = new Jwks()) {
            MutableClock clock = MutableClock.now();
            try (TokenGuard guard = guard(jwks, clock)) {
                assertThat(check(guard, jwks.genuine(clock)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                assertThat(jwks.fetches()).isEqualTo(1);

                jwks.fail(failure);
                // a forgery under a kid the guard has not seen: the refetch it triggers fails, and it is refused
                clock.advanceMillis(COOLDOWN_MS + 1000);
                String newKid = TestTokens.sign(TestTokens.header("RS256", "attacker-kid"),
                        TestTokens.claims(clock.seconds()), TestTokens.rsa("attacker").getPrivate());
                GuardDecision d = check(guard, newKid);
                assertThat(d.outcome()).as(failure.name()).isEqualTo(GuardDecision.Outcome.REJECTED);
                assertThat(d.reason()).as(failure.name()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                assertThat(guard.metrics().jwksFetchFailures()).as(failure.name()).isEqualTo(1);
                // more of them within the cooldown cost no fetch and are refused the same way
                for (int i = 0; i < 20; i++) {
                    String flood = TestTokens.sign(TestTokens.header("RS256", "attacker-kid-" + i),
                            TestTokens.claims(clock.seconds()), TestTokens.rsa("attacker").getPrivate());
                    assertThat(check(guard, flood).reason()).as(failure.name()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                }
                assertThat(guard.metrics().jwksFetches()).as(failure.name()).isEqualTo(2);
                // genuine tokens pass on the cached key meanwhile
                assertThat(check(guard, jwks.genuine(clock)).outcome()).as(failure.name())
                        .isEqualTo(GuardDecision.Outcome.ACCEPTED);

                // past the max age and the cooldown: a genuine token starts a background refresh, which fails too
                clock.advanceSeconds(120);
                assertThat(check(guard, jwks.genuine(clock)).outcome()).as(failure.name())
                        .isEqualTo(GuardDecision.Outcome.ACCEPTED);
                JwksOutageFailsClosedTest.waitFor(() -> guard.metrics().jwksFetchFailures() == 2);
                // the failed refresh keeps the cached key: genuine tokens still pass, a forgery under it still fails
                assertThat(check(guard, jwks.genuine(clock)).outcome()).as(failure.name())
                        .isEqualTo(GuardDecision.Outcome.ACCEPTED);
                String sameKid = TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(clock.seconds()),
                        TestTokens.rsa("attacker").getPrivate());
                assertThat(check(guard, sameKid).reason()).as(failure.name()).isEqualTo(Reason.SIGNATURE_INVALID);
                if (failure != Failure.UNREACHABLE) {
                    assertThat(jwks.fetches()).as("the endpoint was asked each time").isEqualTo(3);
                }
            }
        }
    }

    private static TokenGuard guard(Jwks jwks, MutableClock clock) {
        ProviderConfig provider = ProviderConfig.builder("auth0")
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .jwksUri(jwks.uri())
                .jwksCooldownMillis(COOLDOWN_MS)
                .jwksMaxAgeMillis(60_000)
                .jwksConnectTimeoutMillis(500)
                .jwksReadTimeoutMillis(300)
                .jwksFetchWaitMillis(5_000)
                .build();
        // no verified-token cache: every check below really looks the key up
        return TokenGuards.create(TokenGuardConfig.builder().provider(provider).clock(clock)
                .prefetchJwks(false).verifiedCacheSize(0).build());
    }

    private static GuardDecision check(TokenGuard guard, String token) {
        return guard.check("Bearer " + token, "/orders/1");
    }

    /** A JWKS endpoint on 127.0.0.1 that serves one real key until told how to fail. */
    private static final class Jwks implements AutoCloseable {

        final KeyPair key = TestTokens.rsa("k1");
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-jwks-failures");
            t.setDaemon(true);
            return t;
        });
        private final AtomicInteger fetches = new AtomicInteger();
        private final URI uri;
        private volatile Failure failure;

        Jwks() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(executor);
            server.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                try {
                    Failure f = failure;
                    int status = 200;
                    String body;
                    if (f == Failure.HTTP_429) {
                        status = 429;
                        body = "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"Global limit has been reached\"}";
                        exchange.getResponseHeaders().add("x-ratelimit-limit", "20");
                        exchange.getResponseHeaders().add("x-ratelimit-remaining", "0");
                        exchange.getResponseHeaders().add("x-ratelimit-reset", String.valueOf(System.currentTimeMillis() / 1000 + 1));
                    } else if (f == Failure.HTTP_503) {
                        status = 503;
                        body = "{\"statusCode\":503,\"error\":\"Service Unavailable\"}";
                    } else if (f == Failure.MALFORMED_200) {
                        body = "<html><body>Gateway Timeout</body></html>";
                    } else {
                        if (f == Failure.TIMEOUT) {
                            Thread.sleep(2_000);
                        }
                        Map<String, Object> doc = new LinkedHashMap<>();
                        List<Object> keys = new ArrayList<>();
                        keys.add(TestTokens.jwk("k1", key.getPublic(), "RS256"));
                        doc.put("keys", keys);
                        body = TestTokens.json(doc);
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type",
                            f == Failure.MALFORMED_200 ? "text/html" : "application/json");
                    exchange.sendResponseHeaders(status, bytes.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(bytes);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // the client gave up (read timeout): nothing to answer
                } finally {
                    exchange.close();
                }
            });
            server.start();
            uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        }

        URI uri() {
            return uri;
        }

        void fail(Failure f) {
            failure = f;
            if (f == Failure.UNREACHABLE) {
                server.stop(0); // the port no longer listens: connection refused
            }
        }

        String genuine(MutableClock clock) {
            return TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(clock.seconds()),
                    key.getPrivate());
        }

        int fetches() {
            return fetches.get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
