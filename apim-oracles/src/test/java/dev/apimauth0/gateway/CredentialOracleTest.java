package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler;
import org.wso2.carbon.apimgt.gateway.handlers.security.Authenticator;
import org.wso2.carbon.apimgt.gateway.handlers.security.oauth.OAuthAuthenticator;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;
import dev.apimauth0.oracle.ApimEnvironment;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The credential APIM authenticates with, from APIM's own code: gateway 9.0.174
 * {@code OAuthAuthenticator.extractCustomerKeyFromAuthHeader(Map)} and {@code OAuthAuthenticator.getSecurityHeader()},
 * reached the way {@code APIAuthenticationHandler.init -> initializeAuthenticators} builds the authenticator.
 *
 * <p>The project's side is gateway-handler's {@code TokenGuardFlow.apimBearerToken(String)} and
 * {@code TokenGuardFlow.guardedHeader(String)} (package-private statics; only these two are used here). The header
 * the guard reads the value from is the handlers' business and is not compared here; which header APIM reads is
 * pinned so that the handlers can be held to it.
 */
class CredentialOracleTest {

    private static final String PATH = "/orders/1.0.0/items";

    private static Auth0TenantSimulator sim;
    private static TokenGuard guard;
    private static String valid;
    private static String forged;
    private static final String OPAQUE = "3f2a1c0e-5b7d-4e9a-opaque";

    @BeforeAll
    static void tenant() {
        sim = Auth0TenantSimulator.start();
        String api = "https://api.example.com/orders";
        sim.createResourceServer(api, "read:orders");
        String clientId = sim.createM2MApplication("caller").clientId();
        valid = sim.mintToken(sim.m2mClaims(clientId, api, "read:orders"));
        forged = sim.mintTokenWithForeignKey(sim.currentKid(), sim.m2mClaims(clientId, api, "read:orders"));
        guard = TokenGuards.create(TokenGuardConfig.builder()
                .provider(ProviderConfig.builder("auth0").issuer(sim.issuer()).audience(api)
                        .jwksUri(URI.create(sim.jwksUri())).build())
                .build());
    }

    @AfterAll
    static void close() {
        guard.close();
        sim.close();
    }

    /** Real OAuthAuthenticator, built as APIAuthenticationHandler.initializeAuthenticators builds it. */
    private static String apimToken(String customHeaderOfApi, Map<String, Object> transportHeaders) {
        OAuthAuthenticator authenticator = new OAuthAuthenticator(customHeaderOfApi, true, true, List.of("all"));
        return authenticator.extractCustomerKeyFromAuthHeader(transportHeaders);
    }

    /** Synapse's transport headers: a case-insensitive TreeMap, as the pass-through transport builds them. */
    private static Map<String, Object> headers(String name, String value) {
        Map<String, Object> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put(name, value);
        return h;
    }

    private static String apimToken(String authorization) {
        return apimToken("Authorization", headers("Authorization", authorization));
    }

    /** Hand-picked forms: commas, several Bearer elements, quotes, tabs, case, empty parts. */
    private static Map<String, String> namedForms() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("plain", "Bearer {V}");
        f.put("two spaces", "Bearer  {V}");
        f.put("trailing space", "Bearer {V} ");
        f.put("trailing tab", "Bearer {V}\t");
        f.put("tab after scheme", "Bearer\t{V}");
        f.put("space then tab", "Bearer \t{V}");
        f.put("leading space", " Bearer {V}");
        f.put("lower-case scheme", "bearer {V}");
        f.put("upper-case scheme", "BEARER {V}");
        f.put("basic, then bearer", "Basic dXNlcjpwYXNz, Bearer {V}");
        f.put("bearer, then basic", "Bearer {V}, Basic dXNlcjpwYXNz");
        f.put("two bearer parts, forged last", "Bearer {V}, Bearer {F}");
        f.put("two bearer parts, forged first", "Bearer {F}, Bearer {V}");
        f.put("two bearer elements in one part", "Bearer {V} Bearer {F}");
        f.put("element after the token", "Bearer {V} {F}");
        f.put("bearer without token after a token", "Bearer {V} Bearer");
        f.put("quoted token", "Bearer \"{F}\"");
        f.put("half-quoted token", "Bearer \"{F}");
        f.put("quote inside", "Bearer {F}\"x");
        f.put("only a quote", "Bearer \"");
        f.put("empty part first", ", Bearer {F}");
        f.put("empty parts around", ",,Bearer {F},,");
        f.put("comma glued", "Bearer {V},Bearer {F}");
        f.put("scheme only", "Bearer");
        f.put("scheme and spaces", "Bearer   ");
        f.put("empty", "");
        f.put("opaque", "Bearer {O}");
        f.put("opaque then forged", "Bearer {O}, Bearer {F}");
        f.put("forged then opaque", "Bearer {F}, Bearer {O}");
        f.put("digest with comma parameters", "Digest username=\"a\", realm=\"r\", Bearer {F}");
        f.put("key=value after bearer", "Bearer {F}, realm=x");
        f.put("bearer as a value", "Basic Bearer, {F}");
        return f;
    }

    private static String fill(String form) {
        return form.replace("{V}", valid).replace("{F}", forged).replace("{O}", OPAQUE);
    }

    /** A seeded corpus of headers glued from the same pieces, so the two extractions meet many more forms. */
    private static List<String> generatedForms() {
        String[] pieces = {"Bearer", "bearer", "BEARER", "Basic", "dXNlcjpwYXNz", "{V}", "{F}", "{O}", "\"{V}\"", "\"{F}", "{F}\"",
                "\"", "", "x=y"};
        String[] separators = {" ", "  ", ",", ", ", " ,", "\t", ",,", " \t ", " , "};
        Random random = new Random(16);
        List<String> forms = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    b.append(separators[random.nextInt(separators.length)]);
                }
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            forms.add(b.toString());
        }
        return forms;
    }

    private static List<String> corpus() {
        List<String> all = new ArrayList<>(namedForms().values());
        all.addAll(generatedForms());
        List<String> filled = new ArrayList<>();
        for (String form : all) {
            filled.add(fill(form));
        }
        return filled;
    }

    @Test
    void theProjectsModelExtractsTheTokenApimExtractsFromEveryForm() {
        List<String> corpus = corpus();
        int withToken = 0;
        for (String header : corpus) {
            String apim = apimToken(header);
            assertThat(TokenGuardFlow.apimBearerToken(header))
                    .as("token APIM's OAuthAuthenticator takes from [%s]", header)
                    .isEqualTo(apim);
            if (apim != null && !apim.isEmpty()) {
                withToken++;
            }
        }
        // the corpus exercises both answers, not only "no token"
        assertThat(withToken).isGreaterThan(corpus.size() / 20).isLessThan(corpus.size());
    }

    @Test
    void namedFormsGiveTheTokensApimReadsThem() {
        Map<String, String> f = namedForms();
        assertThat(apimToken(fill(f.get("two bearer parts, forged last")))).isEqualTo(forged);
        assertThat(apimToken(fill(f.get("two bearer parts, forged first")))).isEqualTo(valid);
        assertThat(apimToken(fill(f.get("two bearer elements in one part")))).isEqualTo(forged);
        assertThat(apimToken(fill(f.get("element after the token")))).isEqualTo(forged);
        assertThat(apimToken(fill(f.get("bearer without token after a token")))).isEqualTo(valid);
        assertThat(apimToken(fill(f.get("quoted token")))).isEqualTo(forged);
        assertThat(apimToken(fill(f.get("half-quoted token")))).isEqualTo(forged);
        assertThat(apimToken(fill(f.get("basic, then bearer")))).isEqualTo(valid);
        assertThat(apimToken(fill(f.get("space then tab")))).isEqualTo(valid);
        assertThat(apimToken(fill(f.get("only a quote")))).isEmpty();
        assertThat(apimToken(fill(f.get("tab after scheme")))).isNull();
        assertThat(apimToken(fill(f.get("lower-case scheme")))).as("the scheme is matched case-sensitively").isNull();
        assertThat(apimToken(fill(f.get("upper-case scheme")))).isNull();
        assertThat(apimToken(fill(f.get("scheme only")))).isNull();
        assertThat(apimToken(fill(f.get("empty")))).isNull();
    }

    /**
     * What the guard decides on {@code guardedHeader(h)} is what it decides on APIM's own token for every form where
     * APIM finds one; where APIM finds none, APIM answers 401 itself, and the guard may only reject, pass through, or
     * accept a token whose scheme APIM spells differently (RFC 7235 schemes ignore case) - never accept a forgery.
     */
    @Test
    void theGuardJudgesTheTokenApimAuthenticatesWith() {
        int acceptedWithoutApimToken = 0;
        for (String header : corpus()) {
            String apim = apimToken(header);
            GuardDecision onHeader = guard.check(TokenGuardFlow.guardedHeader(header), PATH);
            if (apim != null && !apim.isEmpty()) {
                GuardDecision onApimToken = guard.check("Bearer " + apim, PATH);
                assertThat(onHeader.outcome()).as("decision on [%s]", header).isEqualTo(onApimToken.outcome());
                assertThat(onHeader.reason()).as("reason on [%s]", header).isEqualTo(onApimToken.reason());
                if (apim.equals(forged)) {
                    assertThat(onHeader.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
                }
            } else if (onHeader.outcome() == GuardDecision.Outcome.ACCEPTED) {
                acceptedWithoutApimToken++;
                assertThat(onHeader.token().tokenHash())
                        .as("only a genuine token, under a scheme APIM does not recognise: [%s]", header)
                        .isEqualTo(guard.check("Bearer " + valid, PATH).token().tokenHash());
                assertThat(header.startsWith("Bearer ")).as(header).isFalse();
            }
        }
        // documented: "bearer <valid>" is accepted by the guard and then refused by APIM (missing credentials)
        assertThat(acceptedWithoutApimToken).isPositive();
    }

    // ------------------------------------------------------------------ which header APIM reads

    @Test
    void theApisCustomHeaderIsReadWhenThePublisherSetOne() throws Exception {
        APIAuthenticationHandler handler = new APIAuthenticationHandler();
        handler.setAuthorizationHeader("X-Api-Auth");
        handler.init(null);
        OAuthAuthenticator oauth = oauthAuthenticatorOf(handler);
        assertThat(oauth.getSecurityHeader()).isEqualTo("X-Api-Auth");

        Map<String, Object> h = headers("Authorization", "Bearer " + valid);
        h.put("x-api-auth", "Bearer " + forged);
        assertThat(oauth.extractCustomerKeyFromAuthHeader(h))
                .as("the custom header, matched ignoring case, and never Authorization").isEqualTo(forged);

        Map<String, Object> onlyAuthorization = headers("Authorization", "Bearer " + valid);
        assertThat(new OAuthAuthenticator("X-Api-Auth", true, true, List.of("all"))
                .extractCustomerKeyFromAuthHeader(onlyAuthorization)).isNull();
    }

    @Test
    @Tag("unverified") // getSecurityHeader falls back to impl's APIUtil
    void withoutOneTheGatewaysConfiguredHeaderThenAuthorization() throws Exception {
        // [apim.oauth_config] auth_header = "X-GW-Auth" renders OAuthConfigurations.AuthorizationHeader
        try (ApimEnvironment env = ApimEnvironment.withConfiguration(
                Map.of("OAuthConfigurations.AuthorizationHeader", "X-GW-Auth"))) {
            APIAuthenticationHandler handler = new APIAuthenticationHandler();
            handler.init(null);
            OAuthAuthenticator oauth = oauthAuthenticatorOf(handler);
            assertThat(oauth.getSecurityHeader()).isEqualTo("X-GW-Auth");
            Map<String, Object> both = headers("Authorization", "Bearer " + valid);
            both.put("X-GW-Auth", "Bearer " + forged);
            assertThat(oauth.extractCustomerKeyFromAuthHeader(both)).isEqualTo(forged);
        }
        try (ApimEnvironment env = ApimEnvironment.withConfiguration(Map.of())) {
            APIAuthenticationHandler plain = new APIAuthenticationHandler();
            plain.init(null);
            assertThat(oauthAuthenticatorOf(plain).getSecurityHeader()).isEqualTo("Authorization");
        }
    }

    @Test
    @Tag("unverified")
    void theHeaderIsReadOnceAndKeptByTheAuthenticator() {
        // getSecurityHeader keeps what it read first: a gateway restart, not a configuration change, moves it
        OAuthAuthenticator oauth = new OAuthAuthenticator(null, true, true, List.of("all"));
        try (ApimEnvironment env = ApimEnvironment.withConfiguration(
                Map.of("OAuthConfigurations.AuthorizationHeader", "X-One"))) {
            assertThat(oauth.getSecurityHeader()).isEqualTo("X-One");
        }
        try (ApimEnvironment env = ApimEnvironment.withConfiguration(
                Map.of("OAuthConfigurations.AuthorizationHeader", "X-Two"))) {
            assertThat(oauth.getSecurityHeader()).isEqualTo("X-One");
        }
    }

    static OAuthAuthenticator oauthAuthenticatorOf(APIAuthenticationHandler handler) throws Exception {
        Field f = APIAuthenticationHandler.class.getDeclaredField("authenticators");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<Authenticator> authenticators = (List<Authenticator>) f.get(handler);
        for (Authenticator a : authenticators) {
            if (a instanceof OAuthAuthenticator) {
                return (OAuthAuthenticator) a;
            }
        }
        throw new AssertionError("APIAuthenticationHandler built no OAuthAuthenticator: " + authenticators);
    }
}
