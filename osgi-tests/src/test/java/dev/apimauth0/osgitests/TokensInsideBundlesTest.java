package dev.apimauth0.osgitests;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import javax.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * Each bundle's embedded libraries at work on Carbon's OSGi stack, loaded from the bundle's own class path as the
 * handlers and the key manager load them: the token guard of the gateway bundle and of the key manager bundle
 * fetches a JWKS over HTTP (jwks-rsa's UrlJwkProvider, Jackson) and verifies an RS256 token signed with that key, and
 * the key manager bundle reads a discovery document over its one Auth0 HTTP stack (Apache HttpClient). Guava and
 * commons-codec are not embedded: nothing here may need them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TokensInsideBundlesTest {

    private static final String AUDIENCE = "https://api.example.com/orders";

    @Inject
    private BundleContext context;

    private TinyHttpServer tenant;
    private KeyPair key;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                bundle(TestBundles.synapseForkStandIn()),
                CarbonStack.kmConnector(),
                CarbonStack.gatewayHandler());
    }

    @Before
    public void startTenant() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        tenant = TinyHttpServer.start();
        tenant.serve("/.well-known/jwks.json", 200, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + b64(unsigned(pub.getModulus().toByteArray())) + "\",\"e\":\""
                + b64(unsigned(pub.getPublicExponent().toByteArray())) + "\"}]}");
        tenant.serve("/.well-known/openid-configuration", 200, "{\"issuer\":\"" + issuer() + "\",\"token_endpoint\":\""
                + issuer() + "oauth/token\",\"jwks_uri\":\"" + issuer() + ".well-known/jwks.json\"}");
    }

    @After
    public void stopTenant() {
        tenant.close();
    }

    @Test
    public void theGatewayBundlesGuardVerifiesATokenWithItsEmbeddedLibraries() throws Exception {
        assertGuardInside(Connectors.bundle(context, CarbonStack.GATEWAY_BSN));
    }

    @Test
    public void theKeyManagerBundlesGuardVerifiesATokenWithItsEmbeddedLibraries() throws Exception {
        assertGuardInside(Connectors.bundle(context, CarbonStack.KM_BSN));
    }

    @Test
    public void theKeyManagerBundleReadsTheDiscoveryDocumentOverItsHttpStack() throws Exception {
        Bundle km = Connectors.bundle(context, CarbonStack.KM_BSN);
        Class<?> discovery = km.loadClass("dev.apimauth0.auth0.client.OpenIdConfiguration");
        Object document = discovery.getMethod("fetch", String.class, int.class, int.class)
                .invoke(null, issuer() + ".well-known/openid-configuration", 2000, 2000);
        assertEquals(issuer(), discovery.getMethod("issuer").invoke(document));
        assertEquals(issuer() + ".well-known/jwks.json", discovery.getMethod("jwksUri").invoke(document));
        assertEquals(km, org.osgi.framework.FrameworkUtil.getBundle(discovery));
    }

    private void assertGuardInside(Bundle bundle) throws Exception {
        Class<?> settings = bundle.loadClass("dev.apimauth0.core.config.GuardSettings");
        Class<?> guards = bundle.loadClass("dev.apimauth0.core.token.TokenGuards");
        Class<?> configType = bundle.loadClass("dev.apimauth0.core.config.TokenGuardConfig");
        assertEquals(bundle, org.osgi.framework.FrameworkUtil.getBundle(settings));
        Map<String, String> values = new HashMap<>();
        values.put("issuers", issuer());
        values.put("audiences", AUDIENCE);
        Object config = settings.getMethod("load", Map.class).invoke(null, values);
        Object guard = guards.getMethod("create", configType).invoke(null, config);
        try {
            Method verify = guard.getClass().getMethod("verify", String.class);
            verify.setAccessible(true);
            long now = System.currentTimeMillis() / 1000;
            String good = token("{\"iss\":\"" + issuer() + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"c1@clients\","
                    + "\"azp\":\"c1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"scope\":\"read:orders\"}");
            String otherAudience = token("{\"iss\":\"" + issuer() + "\",\"aud\":\"https://elsewhere/\",\"sub\":\"c1@clients\","
                    + "\"azp\":\"c1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
            assertEquals("ACCEPTED", outcome(verify, guard, good));
            assertEquals("REJECTED", outcome(verify, guard, otherAudience));
            // the good token's signature over other claims: only the signature check can refuse it
            String forged = good.substring(0, good.indexOf('.') + 1) + b64(("{\"iss\":\"" + issuer() + "\",\"aud\":\""
                    + AUDIENCE + "\",\"sub\":\"c1@clients\",\"azp\":\"c1\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                    + ",\"scope\":\"admin:orders\"}").getBytes(StandardCharsets.UTF_8)) + good.substring(good.lastIndexOf('.'));
            assertEquals("REJECTED", outcome(verify, guard, forged));
            assertEquals("signature_invalid", reason(guard, forged));
            assertTrue("the JWKS was fetched over HTTP", tenant.requests("/.well-known/jwks.json") >= 1);
        } finally {
            Method close = guard.getClass().getMethod("close");
            close.setAccessible(true);
            close.invoke(guard);
        }
    }

    private static String outcome(Method verify, Object guard, String token) throws Exception {
        Object decision;
        try {
            decision = verify.invoke(guard, token);
        } catch (InvocationTargetException e) {
            throw new AssertionError("verify threw inside the bundle", e.getCause());
        }
        Method outcome = decision.getClass().getMethod("outcome");
        outcome.setAccessible(true);
        return String.valueOf(outcome.invoke(decision));
    }

    private static String reason(Object guard, String token) throws Exception {
        Method verify = guard.getClass().getMethod("verify", String.class);
        verify.setAccessible(true);
        Object decision = verify.invoke(guard, token);
        Method reason = decision.getClass().getMethod("reason");
        reason.setAccessible(true);
        Object r = reason.invoke(decision);
        Method code = r.getClass().getMethod("code");
        code.setAccessible(true);
        return String.valueOf(code.invoke(r));
    }

    private String token(String claims) throws Exception {
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(rsa.sign());
    }

    private String issuer() {
        return "http://127.0.0.1:" + tenant.port() + "/";
    }

    private static byte[] unsigned(byte[] twosComplement) {
        if (twosComplement.length > 1 && twosComplement[0] == 0) {
            byte[] out = new byte[twosComplement.length - 1];
            System.arraycopy(twosComplement, 1, out, 0, out.length);
            return out;
        }
        return twosComplement;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
