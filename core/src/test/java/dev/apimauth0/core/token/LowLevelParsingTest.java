package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written decoders agree with the JDK's and refuse what they must. */
class LowLevelParsingTest {

    @Test
    void base64UrlDecoderAgreesWithTheJdkAndRefusesPaddingAndForeignCharacters() {
        Random r = new Random(42);
        byte[] out = new byte[300];
        for (int len = 0; len < 200; len++) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            String enc = Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            String wrapped = "xx" + enc + "yy";
            int n = Base64Url.decode(wrapped, 2, 2 + enc.length(), out);
            assertThat(n).isEqualTo(len);
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(data);
        }
        assertThat(Base64Url.decode("abc=", 0, 4, out)).isEqualTo(-1);
        assertThat(Base64Url.decode("ab+c", 0, 4, out)).isEqualTo(-1);
        assertThat(Base64Url.decode("ab/c", 0, 4, out)).isEqualTo(-1);
        assertThat(Base64Url.decode("abcde", 0, 5, out)).isEqualTo(-1); // impossible length
        assertThat(Base64Url.decode("ab\u00e9c", 0, 4, out)).isEqualTo(-1);
        assertThat(Base64Url.decode("abcdefgh", 0, 8, new byte[5])).isEqualTo(-1); // too small a buffer
    }

    @Test
    void flatJsonReadsTopLevelClaimsAndSkipsNestedValues() {
        String json = " {\"s\":\"a\\\"b\\u00e9\\/\",\"n\":-12,\"f\":1.5e3,\"t\":true,\"x\":null,\"o\":{\"a\":[1,{\"b\":[]}]},"
                + "\"l\":[\"p\",1,\"q\",{\"z\":1}]} ";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> m = FlatJson.topLevel(b, 0, b.length);
        assertThat(m).containsEntry("s", "a\"b\u00e9/").containsEntry("n", -12L).containsEntry("f", 1500.0)
                .containsEntry("t", true).doesNotContainKeys("x", "o");
        assertThat(m.get("l")).asList().containsExactly("p", "q");
        for (String bad : new String[] {"", "{", "[]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":01}",
                "{'a':1}", "{a:1}", "{\"a\":tru}", "{\"a\":\"\u0001\"}", "{\"a\":[1,]}", "{\"a\":{\"b\":1,}}", "{\"a\":\"\\x\"}"}) {
            byte[] bb = bad.getBytes(StandardCharsets.UTF_8);
            assertThat(FlatJson.topLevel(bb, 0, bb.length)).as(bad).isNull();
        }
        StringBuilder deep = new StringBuilder("{\"a\":");
        for (int i = 0; i < 100; i++) {
            deep.append('[');
        }
        for (int i = 0; i < 100; i++) {
            deep.append(']');
        }
        deep.append('}');
        byte[] db = deep.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(FlatJson.topLevel(db, 0, db.length)).isNull(); // bounded depth, no stack overflow
    }

    @Test
    void joseEcdsaSignaturesConvertToDerThatTheJdkVerifies() throws Exception {
        String[][] curves = {{"secp256r1", "SHA256withECDSA", "32"}, {"secp384r1", "SHA384withECDSA", "48"},
                {"secp521r1", "SHA512withECDSA", "66"}};
        for (String[] c : curves) {
            KeyPair kp = TestTokens.ec("conv", c[0]);
            int part = Integer.parseInt(c[2]);
            for (int i = 0; i < 20; i++) {
                byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                Signature s = Signature.getInstance(c[1]);
                s.initSign(kp.getPrivate());
                s.update(msg);
                byte[] raw = TestTokens.derToJose(s.sign(), part);
                byte[] der = Alg.joseToDer(raw, raw.length, part);
                Signature v = Signature.getInstance(c[1]);
                v.initVerify(kp.getPublic());
                v.update(msg);
                assertThat(v.verify(der)).as(c[0]).isTrue();
            }
            assertThat(Alg.joseToDer(new byte[2 * part], 2 * part, part)).isNull();
            assertThat(Alg.joseToDer(new byte[2 * part - 1], 2 * part - 1, part)).isNull();
        }
    }

    @Test
    void pathNormalisationRemovesEverythingThatCouldDodgeAPrefix() {
        assertThat(DefaultTokenGuard.normalizePath("/orders/1")).isEqualTo("/orders/1");
        assertThat(DefaultTokenGuard.normalizePath("/a/./b//c/../d")).isEqualTo("/a/b/d");
        assertThat(DefaultTokenGuard.normalizePath("/a/%2e%2e/admin")).isEqualTo("/admin");
        assertThat(DefaultTokenGuard.normalizePath("/a/%252e%252e/admin")).isEqualTo("/admin");
        assertThat(DefaultTokenGuard.normalizePath("/a\\b?x=/admin")).isEqualTo("/a/b");
        assertThat(DefaultTokenGuard.normalizePath("orders")).isEqualTo("/orders");
        assertThat(DefaultTokenGuard.normalizePath(null)).isEqualTo("/");
    }
}
