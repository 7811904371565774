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
    void flatJsonReadsTopLevelClaimsWithTheirNestedValues() {
        String json = " {\"s\":\"a\\\"b\\u00e9\\/\",\"n\":-12,\"f\":1.5e3,\"t\":true,\"x\":null,\"o\":{\"a\":[1,{\"b\":[]}]},"
                + "\"l\":[\"p\",1,\"q\",{\"z\":1}]} ";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> m = ClaimValues.of(b, 0, b.length);
        assertThat(m).containsEntry("s", "a\"b\u00e9/").containsEntry("n", -12L).containsEntry("f", 1500.0)
                .containsEntry("t", true).doesNotContainKeys("x");
        assertThat(m.get("o")).isEqualTo(java.util.Collections.singletonMap("a",
                java.util.Arrays.asList(1L, java.util.Collections.singletonMap("b", java.util.Collections.emptyList()))));
        assertThat(m.get("l")).asList().containsExactly("p", 1L, "q", java.util.Collections.singletonMap("z", 1L));
        for (String bad : new String[] {"", "{", "[]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":01}",
                "{'a':1}", "{a:1}", "{\"a\":tru}", "{\"a\":\"\u0001\"}", "{\"a\":[1,]}", "{\"a\":{\"b\":1,}}", "{\"a\":\"\\x\"}"}) {
            byte[] bb = bad.getBytes(StandardCharsets.UTF_8);
            assertThat(ClaimValues.of(bb, 0, bb.length)).as(bad).isNull();
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
        assertThat(ClaimValues.of(db, 0, db.length)).isNull(); // bounded depth, no stack overflow
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
        assertThat(RequestPath.normalize("/orders/1")).isEqualTo("/orders/1");
        String plain = "/orders/1";
        assertThat(RequestPath.normalize(plain)).isSameAs(plain); // the common case allocates nothing
        assertThat(RequestPath.normalize("/a/./b//c/../d")).isEqualTo("/a/b/d");
        assertThat(RequestPath.normalize("/a/%2e%2e/admin")).isEqualTo("/admin");
        assertThat(RequestPath.normalize("/a/%61dmin/")).isEqualTo("/a/admin/");
        assertThat(RequestPath.normalize("/a;v=1/b;jsessionid=x")).isEqualTo("/a/b");
        assertThat(RequestPath.normalize("/a/..;/admin")).isEqualTo("/admin");
        assertThat(RequestPath.normalize("/a/b/.")).isEqualTo("/a/b/");
        assertThat(RequestPath.normalize("/a/b/..")).isEqualTo("/a/");
        // the query and fragment go before anything else, so a URL inside them changes nothing
        assertThat(RequestPath.normalize("/a/b?x=https://h/admin")).isEqualTo("/a/b");
        assertThat(RequestPath.normalize("/a//b?x=/../..")).isEqualTo("/a/b");
        assertThat(RequestPath.normalize("/a#https://h/")).isEqualTo("/a");
        assertThat(RequestPath.normalize("orders")).isEqualTo("/orders");
        assertThat(RequestPath.normalize(null)).isEqualTo("/");
        assertThat(RequestPath.normalize("?x=1")).isEqualTo("/");
        // ambiguous: depends on the backend, so refused
        for (String ambiguous : new String[] {"/a%2fb", "/a%5Cb", "/a\\b", "/a/%252e%252e/admin", "/..", "/a/../../b", "/a%00",
                "/a%3bb", "/a%3Fb", "/a%23b", "/a%", "/a%4", "/a%zz", "/a\tb"}) {
            assertThat(RequestPath.normalize(ambiguous)).as(ambiguous).isNull();
        }
        assertThat(RequestPath.startsWith("/Orders/Admin/x", "/orders/admin")).isTrue();
        assertThat(RequestPath.startsWith("/orders", "/orders/admin")).isFalse();
    }

    @Test
    void base64urlHasOneSpellingPerByteString() {
        byte[] out = new byte[16];
        assertThat(Base64Url.decode("QQ", 0, 2, out)).isEqualTo(1); // "A"
        assertThat(Base64Url.decode("QR", 0, 2, out)).isEqualTo(-1); // same byte, unused bits set
        assertThat(Base64Url.decode("QUE", 0, 3, out)).isEqualTo(2); // "AA"
        assertThat(Base64Url.decode("QUF", 0, 3, out)).isEqualTo(-1);
        assertThat(Base64Url.isCanonical("QUE", 0, 3)).isTrue();
        for (String bad : new String[] {"QUF", "QR", "QQ==", "Q+E", "Q/E", "Q E", "QUE\n", "Q", "QU\u00c9"}) {
            assertThat(Base64Url.isCanonical(bad, 0, bad.length())).as(bad).isFalse();
        }
        assertThat(Base64Url.isCanonical("", 0, 0)).isTrue();
    }
}
