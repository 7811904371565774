package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looking for our issuer in bytes a strict decoder refused (the lenient defence) must not allocate:
 * it runs for every malformed token an attacker sends.
 */
class IssuerScanAllocationTest {

    @Test
    void lenientIssuerSearchAllocatesNothingPerToken() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            // a payload the strict decoder refuses ('!'), so the lenient search for our issuer runs
            String claims = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"iss\":\"https://elsewhere.example/\",\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            String token = "eyJhbGciOiJSUzI1NiJ9." + claims.substring(0, 10) + "!" + claims.substring(10) + ".c2ln";
            String slashed = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"iss\":\"" + TestTokens.ISSUER.replace("/", "\\/") + "\"}").getBytes(StandardCharsets.UTF_8)) + "!.c2ln";
            assertThat(f.guard.isOurs(token)).isFalse();
            assertThat(f.guard.isOurs(slashed)).isTrue(); // the escaped spelling is still found
            for (int i = 0; i < 20_000; i++) {
                f.guard.isOurs(token);
            }
            long tid = Thread.currentThread().getId();
            int n = 10_000;
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                f.guard.isOurs(token);
            }
            long perCall = (mx.getThreadAllocatedBytes(tid) - before) / n;
            assertThat(perCall).as("bytes allocated per malformed token").isLessThan(8);
        }
    }
}
