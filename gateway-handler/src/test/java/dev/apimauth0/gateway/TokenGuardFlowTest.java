package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

class TokenGuardFlowTest {

    @Test
    void logHashIsTwelveHexOfTheTokensSha256WithoutTheScheme() throws Exception {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            expected.append(String.format("%02x", d[i] & 0xff));
        }
        assertThat(TokenGuardFlow.shortHash("Bearer " + token)).isEqualTo(expected.toString());
        assertThat(TokenGuardFlow.shortHash("Bearer " + token)).doesNotContain(token.substring(0, 8));
        assertThat(TokenGuardFlow.shortHash(null)).isEqualTo("-");
    }

    private static final String GOOD = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJnb29kIn0.c2ln";
    private static final String FORGED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmb3JnZWQifQ.Zm9yZ2Vk";

    @Test
    void theGuardJudgesTheTokenApimWillUseNotTheFirstWordOfTheHeader() {
        // APIM's OAuthAuthenticator takes the element after the last "Bearer" of any comma-separated part, quotes
        // stripped: each of these headers hands FORGED to APIM, so the guard must see FORGED too
        String[] smuggling = {
                "Basic Y2xpZW50OnNlY3JldA==, Bearer " + FORGED,
                "Bearer " + GOOD + ", Bearer " + FORGED,
                "Bearer " + GOOD + " Bearer " + FORGED,
                "Bearer \"" + FORGED + "\"",
                "Bearer\t" + GOOD + " Bearer " + FORGED,
                "Token x Bearer " + FORGED,
        };
        for (String header : smuggling) {
            assertThat(TokenGuardFlow.apimBearerToken(header)).as(header).isEqualTo(FORGED);
            assertThat(TokenGuardFlow.guardedHeader(header)).as(header).isEqualTo("Bearer " + FORGED);
        }
    }

    @Test
    void plainAndNonBearerHeadersReachTheGuardUnchanged() {
        String[] unchanged = {"Bearer " + GOOD, "Bearer   " + GOOD + " \t", "Basic Y2xpZW50OnNlY3JldA==",
                "bearer " + FORGED, "Bearer", "Bearer ", "Bearer \"\""};
        for (String header : unchanged) {
            assertThat(TokenGuardFlow.guardedHeader(header)).as(header).isSameAs(header);
        }
        assertThat(TokenGuardFlow.guardedHeader(null)).isNull();
        // lower-case "bearer" is no token to APIM; the guard still checks it, case-insensitively
        assertThat(TokenGuardFlow.apimBearerToken("bearer " + FORGED)).isNull();
        assertThat(TokenGuardFlow.apimBearerToken("Basic Y2xpZW50OnNlY3JldA==")).isNull();
    }
}
