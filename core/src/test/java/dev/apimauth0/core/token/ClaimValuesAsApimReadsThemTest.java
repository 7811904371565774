package dev.apimauth0.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claims map of a verified token holds every claim as APIM 4.0.0 reads it: impl 9.0.174's
 * {@code JWTValidatorImpl.createJWTValidationInfoFromJWT} hands nimbus 7.3's {@code JWTClaimsSet.getClaims()} to the
 * gateway, whose {@code APIMgtGatewayJWTGeneratorImpl.populateCustomClaims} copies them into the backend JWT. Auth0
 * Actions add custom claims of any JSON type (objects, arrays of numbers or objects), so nested values must survive
 * rather than turn into empty lists or vanish. nimbus-jose-jwt 7.3 with json-smart 2.3 is the oracle.
 */
class ClaimValuesAsApimReadsThemTest {

    private GuardFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new GuardFixture();
        f.start();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private String claimsJson(String custom) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"c@clients\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"exp\":" + (f.clock.seconds() + 60) + ",\"iat\":" + f.clock.seconds() + "," + custom + "}";
    }

    private Map<String, Object> verifiedClaims(String claims) {
        String token = TestTokens.signRaw("{\"kid\":\"k1\",\"alg\":\"RS256\"}", claims, "RS256", f.key.getPrivate());
        GuardDecision d = f.check(token);
        assertThat(d.outcome()).as("the token is accepted").isEqualTo(GuardDecision.Outcome.ACCEPTED);
        return d.token().claims();
    }

    @Test
    void nestedObjectsArraysOfNumbersAndObjectsAndNullsComeOutAsNimbusReadsThem() throws Exception {
        String claims = claimsJson("\"https://x/ids\":[1,2,-3],\"https://x/orgs\":[{\"id\":\"a\",\"roles\":[\"r1\"]},{\"id\":\"b\"}],"
                + "\"https://x/meta\":{\"plan\":\"gold\",\"seats\":12,\"ratio\":0.5,\"trial\":false,\"note\":null,"
                + "\"deep\":{\"a\":[[true],[]],\"e\":\"\\u00e9\\n\"}},\"https://x/mixed\":[\"s\",7,null,{}],"
                + "\"https://x/big\":12345678901234567890,\"https://x/exp\":1e3,\"https://x/empty\":{}");
        Map<String, Object> ours = verifiedClaims(claims);
        Map<String, Object> nimbus = JWTClaimsSet.parse(claims).getClaims();
        // the custom claims; the registered ones are typed by nimbus (Date, a list for one aud) and read by their own code
        assertThat(normal(custom(ours))).isEqualTo(normal(custom(nimbus)));
        assertThat(ours).containsKeys("https://x/ids", "https://x/orgs", "https://x/meta", "https://x/mixed",
                "https://x/empty");
    }

    @Test
    void aTopLevelNullIsLeftOutAsBefore() {
        Map<String, Object> ours = verifiedClaims(claimsJson("\"https://x/none\":null,\"https://x/kept\":\"v\""));
        assertThat(ours).doesNotContainKey("https://x/none").containsEntry("https://x/kept", "v");
    }

    @Test
    void nestedValuesAreReadOnlySoOneCallerCannotChangeWhatTheNextSees() {
        Map<String, Object> ours = verifiedClaims(claimsJson("\"https://x/meta\":{\"roles\":[\"a\"]}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) ours.get("https://x/meta");
        assertThatThrownBy(() -> meta.put("roles", "admin")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> roles = (List<Object>) meta.get("roles");
        assertThatThrownBy(() -> roles.add("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Map<String, Object> custom(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        claims.forEach((k, v) -> {
            if (k.startsWith("https://x/")) {
                out.put(k, v);
            }
        });
        assertThat(out).hasSize(7);
        return out;
    }

    /** JSON values with numbers compared by value (json-smart reads 1 as Integer, the guard as Long). */
    private static Object normal(Object v) {
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), normal(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(normal(o));
            }
            return out;
        }
        if (v instanceof Number) {
            return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
        }
        return v;
    }
}
