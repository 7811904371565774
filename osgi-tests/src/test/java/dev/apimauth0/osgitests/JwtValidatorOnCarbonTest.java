package dev.apimauth0.osgitests;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import javax.inject.Inject;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

/**
 * The JWT validator bundle on Carbon 4.6.2's OSGi stack next to a test-only bundle with the real 9.0.174 classes of
 * org.wso2.carbon.apimgt.impl.jwt and org.wso2.carbon.apimgt.common.gateway.dto: a bundle wired only through
 * DynamicImport-Package: * (like APIM's impl bundle) loads the key manager and the validator the connector names,
 * by name, in KeyManagerHolder's order, and the validator judges real tokens of an Auth0 tenant (the simulator,
 * running in this JVM outside the framework).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JwtValidatorOnCarbonTest {

    private static final String API = "https://api.example.com/orders";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        Auth0TenantSimulator sim = Auth0TenantSimulator.start(); // lives until this test JVM ends
        sim.createResourceServer(API, "read:orders");
        Auth0TenantSimulator.Credentials mgmt = sim.createManagementApplication();
        String clientId = sim.createM2MApplication("caller").clientId();
        return options(
                CarbonStack.base(),
                bundle(TestBundles.apimJwtPackages()),
                bundle(TestBundles.dynamicImportLoader()),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                CarbonStack.jwtValidator(),
                systemProperty("test.auth0.issuer").value(sim.issuer()),
                systemProperty("test.auth0.jwks").value(sim.jwksUri()),
                systemProperty("test.auth0.managementAudience").value(sim.managementAudience()),
                systemProperty("test.auth0.tokenEndpoint").value(sim.tokenEndpoint()),
                systemProperty("test.auth0.mgmtClientId").value(mgmt.clientId()),
                systemProperty("test.auth0.mgmtClientSecret").value(mgmt.clientSecret()),
                systemProperty("test.auth0.clientId").value(clientId),
                systemProperty("test.auth0.genuine").value(sim.mintToken(sim.m2mClaims(clientId, API, "read:orders"))),
                systemProperty("test.auth0.forged").value(sim.mintTokenWithForeignKey(sim.currentKid(),
                        sim.m2mClaims(clientId, API, "read:orders"))),
                systemProperty("test.auth0.wrongAudience").value(sim.mintToken(sim.m2mClaims(clientId,
                        sim.managementAudience(), "read:orders"))));
    }

    @Test
    public void theValidatorBundleIsWiredToApimsPackagesAt9_0_174() {
        Bundle validator = Connectors.bundle(context, CarbonStack.VALIDATOR_BSN);
        assertEquals(Bundle.ACTIVE, validator.getState());
        Map<String, String> wiredTo = new HashMap<>();
        Map<String, Version> versions = new HashMap<>();
        for (BundleWire wire : validator.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
            String pkg = (String) wire.getCapability().getAttributes().get("osgi.wiring.package");
            wiredTo.put(pkg, wire.getProvider().getBundle().getSymbolicName());
            versions.put(pkg, (Version) wire.getCapability().getAttributes().get("version"));
        }
        for (String pkg : new String[] {"org.wso2.carbon.apimgt.impl.jwt", "org.wso2.carbon.apimgt.common.gateway.dto"}) {
            assertEquals(pkg, TestBundles.APIM_JWT_BSN, wiredTo.get(pkg));
            assertEquals(pkg, Version.parseVersion(TestBundles.APIMGT_VERSION), versions.get(pkg));
        }
    }

    @Test
    public void aDynamicImportBundleLoadsTheNamedValidatorAfterTheKeyManagerAndItJudgesRealTokens() throws Exception {
        KeyManagerConnectorConfiguration connector = ourConnector();
        Class<?> steps = Connectors.bundle(context, TestBundles.IMPL_STANDIN_BSN)
                .loadClass("dev.apimauth0.osgitests.standin.KeyManagerHolderSteps");
        Object loaded = steps.getMethod("load", String.class, String.class, Map.class)
                .invoke(null, connector.getImplementation(), connector.getJWTValidator(), parameters());

        Object validator = steps.getMethod("validator").invoke(loaded);
        assertEquals(connector.getJWTValidator(), validator.getClass().getName());
        assertEquals(CarbonStack.VALIDATOR_BSN, FrameworkUtil.getBundle(validator.getClass()).getSymbolicName());
        Class<?> apimInterface = Connectors.bundle(context, TestBundles.IMPL_STANDIN_BSN)
                .loadClass("org.wso2.carbon.apimgt.impl.jwt.JWTValidator");
        assertTrue(apimInterface.isInstance(validator));
        assertEquals(TestBundles.APIM_JWT_BSN, FrameworkUtil.getBundle(apimInterface).getSymbolicName());

        Method validate = steps.getMethod("validate", String.class);
        String clientId = System.getProperty("test.auth0.clientId");
        assertEquals("true " + clientId + " [read:orders] 0",
                validate.invoke(loaded, System.getProperty("test.auth0.genuine")));
        assertEquals("false null [] 900901", validate.invoke(loaded, System.getProperty("test.auth0.forged")));
        assertEquals("false null [] 900901", validate.invoke(loaded, System.getProperty("test.auth0.wrongAudience")));
    }

    private KeyManagerConnectorConfiguration ourConnector() throws Exception {
        assertTrue(Connectors.describe(context), Connectors.await(
                () -> !ofType("Auth0").isEmpty(), 10_000));
        for (ServiceReference<KeyManagerConnectorConfiguration> ref
                : context.getServiceReferences(KeyManagerConnectorConfiguration.class, null)) {
            KeyManagerConnectorConfiguration c = context.getService(ref);
            if ("Auth0".equals(c.getType())) {
                assertEquals(CarbonStack.UI_BSN, ref.getBundle().getSymbolicName());
                assertNotNull(c.getJWTValidator());
                return c;
            }
        }
        throw new AssertionError(Connectors.describe(context));
    }

    private java.util.List<Connectors.Registered> ofType(String type) {
        try {
            return Connectors.ofType(context, type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What the Admin Portal stores for the key manager, "self validate JWT" on. */
    private static Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", System.getProperty("test.auth0.mgmtClientId"));
        p.put("client_secret", System.getProperty("test.auth0.mgmtClientSecret"));
        p.put("audience", System.getProperty("test.auth0.managementAudience"));
        p.put("api_audience", API);
        p.put("issuer", System.getProperty("test.auth0.issuer"));
        p.put("token_endpoint", System.getProperty("test.auth0.tokenEndpoint"));
        p.put("certificate_type", "JWKS");
        p.put("certificate_value", System.getProperty("test.auth0.jwks"));
        p.put("self_validate_jwt", Boolean.TRUE);
        return p;
    }
}
