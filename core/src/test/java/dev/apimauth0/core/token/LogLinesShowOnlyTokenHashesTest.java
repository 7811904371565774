package dev.apimauth0.core.token;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rejections are logged at debug with the token's short hash and the reason; JWKS failures are
 * logged at WARN with what an operator needs (URL, HTTP status). No log line carries a token.
 * (commons-logging runs on java.util.logging here, so JUL captures the lines.)
 */
class LogLinesShowOnlyTokenHashesTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.apimauth0.core.token");
    private Level previous;
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

    private List<String> lines(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).collect(Collectors.toList());
    }

    @Test
    void rejectionIsLoggedWithHashAndReasonOnly() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.auth0OnlyPath("/secure").requiredScopes("/admin", "admin"), p -> { });
            Map<String, Object> c = f.claims();
            c.put("exp", 1);
            String expired = f.token(c);
            String forged = TestTokens.sign(TestTokens.header("RS256", "k1"), f.claims(), TestTokens.rsa("attacker").getPrivate());
            String valid = f.token();
            f.check(expired);
            f.check(forged);
            f.guard.check("Bearer " + valid, "/admin/x");
            f.guard.check("Bearer not-a-jwt", "/secure/x?apikey=secret-query");
            List<String> debug = lines(Level.FINE).stream().filter(l -> l.contains("rejected")).collect(Collectors.toList());
            assertThat(debug).hasSize(4);
            assertThat(debug.get(0)).contains(TokenHash.of(expired)).contains("token_expired");
            assertThat(debug.get(1)).contains(TokenHash.of(forged)).contains("signature_invalid");
            assertThat(debug.get(2)).contains(TokenHash.of(valid)).contains("insufficient_scope");
            assertThat(debug.get(3)).contains(TokenHash.of("not-a-jwt")).contains("token_malformed").doesNotContain("secret-query");
            for (LogRecord r : records) {
                for (String token : new String[] {expired, forged, valid}) {
                    for (String part : token.split("\\.")) {
                        assertThat(r.getMessage()).doesNotContain(part);
                    }
                }
                assertThat(r.getMessage()).doesNotContain("not-a-jwt");
            }
        }
    }

    @Test
    void jwksFailureWarnsWithUrlAndStatus() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.jwks.mode(JwksServer.Mode.HTTP_500);
            f.start(g -> g.prefetchJwks(false), p -> { });
            String token = f.token();
            assertThat(f.check(token).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
            List<String> warn = lines(Level.WARNING);
            assertThat(warn).hasSize(1);
            assertThat(warn.get(0)).contains(f.jwks.jwksUri().toString()).contains("500").contains("provider auth0")
                    .contains("keys_unavailable");
            for (String part : token.split("\\.")) {
                assertThat(warn.get(0)).doesNotContain(part);
            }
        }
    }
}
