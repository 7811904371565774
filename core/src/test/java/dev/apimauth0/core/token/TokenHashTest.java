package dev.apimauth0.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

/** The log contract: the first 12 hex characters of the SHA-256 of the token's UTF-8 bytes, computed independently. */
class TokenHashTest {

    private static String expected(String token) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(String.format("%02x", d[i] & 0xff));
        }
        return sb.toString();
    }

    @Test
    void isTheShortSha256OfTheUtf8Bytes() throws Exception {
        for (String token : new String[] {"", "a", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln", "caf\u00e9",
                "x\uD83D\uDE00y", "\u20ac" + new String(new char[900]).replace((char) 0, (char) 65)}) {
            assertThat(TokenHash.of(token)).as(token.length() + " chars").isEqualTo(expected(token)).hasSize(12);
        }
    }

    @Test
    void aTokenInsideAHeaderHashesAsTheTokenAlone() throws Exception {
        String header = "Bearer caf\u00e9.tok";
        assertThat(TokenHash.of(header, 7, header.length())).isEqualTo(expected("caf\u00e9.tok"));
        assertThat(TokenHash.of(header, 7, 9)).isEqualTo(expected("ca"));
    }

    @Test
    void theTagOfLogLinesIsTheHashBehindSha256() throws Exception {
        assertThat(TokenHash.tag("abc")).isEqualTo("sha256:" + expected("abc"));
        assertThat(TokenHash.tag(null)).isEqualTo("none");
    }
}
