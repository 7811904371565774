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
}
