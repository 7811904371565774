package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node looks at one token twice per request when APIM's JWT validator runs beside the gateway guard: the guard in
 * the Authorization header (the token from offset 7), the validator at the bare token APIM parsed. Both looks must
 * stay cheap without displacing each other, must never take one token for another, and whatever the validator derives
 * from a verified token is built once.
 */
class VerifiedTokenLooksTest {

    private static final String TAIL = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"; // longer than the hashed tail

    @Test
    void theHashIsStillTheTailPolynomialOfTheSeedTheLengthAndTheLast32Characters() {
        Random random = new Random(7);
        for (int n = 0; n < 2000; n++) {
            char[] c = new char[random.nextInt(80)];
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) (33 + random.nextInt(94));
            }
            String s = new String(c);
            int start = s.isEmpty() ? 0 : random.nextInt(s.length());
            int end = start + random.nextInt(s.length() - start + 1);
            assertThat(VerifiedTokenCache.hash(s, start, end)).as("%s [%d, %d)", s, start, end)
                    .isEqualTo(horner(s, start, end));
        }
    }

    /** The hash as it was first written: Horner's rule, then murmur3's finalizer. */
    private static int horner(String src, int start, int end) {
        int h = VerifiedTokenCache.SEED ^ (end - start);
        for (int i = Math.max(start, end - 32); i < end; i++) {
            h = VerifiedTokenCache.MULTIPLIER * h + src.charAt(i);
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    @Test
    void theHeaderLookAndTheBareTokenLookEachKeepTheirOwnMemory() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0." + TAIL;
        VerifiedTokenCache cache = new VerifiedTokenCache(16);
        cache.put(entry(token), 0);
        String header = "Bearer " + token;
        String bare = new String(token.toCharArray()); // APIM's own copy, as its parse hands it over

        VerifiedTokenCache.Entry e = cache.get(header, 7, header.length());
        assertThat(e).isNotNull();
        VerifiedTokenCache.Seen headerLook = e.lastSource;
        assertThat(headerLook.source).isSameAs(header);
        for (int round = 0; round < 3; round++) {
            assertThat(cache.get(bare, 0, bare.length())).isSameAs(e);
            assertThat(e.lastWhole).isSameAs(bare);
            assertThat(cache.get(header, 7, header.length())).isSameAs(e);
            assertThat(e.lastSource).as("the validator's look did not displace the guard's").isSameAs(headerLook);
        }
    }

    @Test
    void neitherMemoryEverTakesOneTokenForAnother() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0." + TAIL;
        String other = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ5In0." + TAIL; // same length and tail: same hash
        assertThat(VerifiedTokenCache.hash(other, 0, other.length()))
                .isEqualTo(VerifiedTokenCache.hash(token, 0, token.length()));
        VerifiedTokenCache cache = new VerifiedTokenCache(16);
        VerifiedTokenCache.Entry e = entry(token);
        cache.put(e, 0);
        String header = "Bearer " + token;
        assertThat(cache.get(header, 7, header.length())).isSameAs(e);
        assertThat(cache.get(token, 0, token.length())).isSameAs(e);
        assertThat(cache.get(new String(token.toCharArray()), 0, token.length())).isSameAs(e);

        assertThat(cache.get(other, 0, other.length())).isNull();
        String otherHeader = "Bearer " + other;
        assertThat(cache.get(otherHeader, 7, otherHeader.length())).isNull();
        // the remembered header, at another offset of the same length (the hash forced equal so it is compared)
        assertThat(cache.get(header, 6, header.length() - 1, e.hash)).isNull();
        // the token at the start of a longer string is the token; one character more is not
        assertThat(cache.get(token + "x", 0, token.length())).isSameAs(e);
        assertThat(cache.get(token + "x", 1, token.length() + 1, e.hash)).isNull();
        assertThat(cache.get(header, 7, header.length())).isSameAs(e);
    }

    @Test
    void whatTheValidatorDerivesFromAVerifiedTokenIsBuiltOnceForBothLooks() throws Exception {
        try (GuardFixture f = new GuardFixture().start()) {
            String token = f.token();
            GuardDecision byHeader = f.check(token);
            GuardDecision bare = f.guard.verify(new String(token.toCharArray()));
            assertThat(byHeader.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(bare.token()).as("one verified token for both looks").isSameAs(byHeader.token());

            AtomicInteger built = new AtomicInteger();
            Function<VerifiedToken, String> azp = t -> t.authorizedParty() + "#" + built.incrementAndGet();
            Function<VerifiedToken, String> sub = t -> t.subject();
            String first = bare.token().derived(azp);
            assertThat(first).isEqualTo(TestTokens.CLIENT + "#1");
            assertThat(f.guard.verify(token).token().derived(azp)).isSameAs(first);
            assertThat(built).hasValue(1);

            assertThat(bare.token().derived(sub)).as("another derivation gets its own result")
                    .isEqualTo(bare.token().subject());
            // two callers of one token (two validators over one tenant) keep each other's result
            assertThat(bare.token().derived(azp)).isSameAs(first);
            assertThat(built).hasValue(1);
            // bounded: after DerivedValues.SLOTS other derivations the oldest result is rebuilt
            for (int i = 0; i < DerivedValues.SLOTS; i++) {
                int n = i; // a capturing lambda: a new derivation each time
                bare.token().derived(t -> t.issuer() + n);
            }
            assertThat(bare.token().derived(azp)).isEqualTo(TestTokens.CLIENT + "#2");
        }
    }

    private static VerifiedTokenCache.Entry entry(String token) {
        return new VerifiedTokenCache.Entry(token, VerifiedTokenCache.hash(token, 0, token.length()),
                VerifiedTokenCache.PASS, VerifiedTokenCache.PASS);
    }
}
