package dev.apimauth0.osgitests;

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
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.KeyManager;

import javax.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * The three project bundles on Carbon 4.6.2's OSGi stack with the real apimgt api bundle and a test-only stand-in
 * for WSO2's Synapse/Axis2 forks (exporting the versions APIM 4.0.0 exports); no stock connector installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProjectBundlesTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                bundle(TestBundles.synapseForkStandIn()),
                bundle(TestBundles.dynamicImportLoader()),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                CarbonStack.gatewayHandler());
    }

    @Test
    public void everyProjectBundleIsActive() throws Exception {
        for (String bsn : new String[] {CarbonStack.KM_BSN, CarbonStack.UI_BSN, CarbonStack.GATEWAY_BSN}) {
            Bundle bundle = Connectors.bundle(context, bsn);
            assertEquals(bsn + " state", Bundle.ACTIVE, bundle.getState());
        }
        assertEquals(Bundle.ACTIVE, Connectors.bundle(context, CarbonStack.API_BSN).getState());
    }

    @Test
    public void exactlyOneAuth0ConnectorIsRegisteredAndItIsOurs() throws Exception {
        assertTrue(Connectors.describe(context), Connectors.await(
                () -> ofType("Auth0").size() == 1, 10_000));
        List<Connectors.Registered> auth0 = ofType("Auth0");
        assertEquals(Connectors.describe(context), 1, auth0.size());
        assertEquals(CarbonStack.UI_BSN, auth0.get(0).bundle);
        assertEquals("dev.apimauth0.km.Auth0KeyManager", auth0.get(0).implementation);
        assertTrue(Connectors.describe(context), ofType("apim-auth0").isEmpty());
    }

    @Test
    public void keyManagerLoadsByNameThroughDynamicImportLikeApimImpl() throws Exception {
        assertTrue(Connectors.describe(context), Connectors.await(() -> ofType("Auth0").size() == 1, 10_000));
        String implementation = ofType("Auth0").get(0).implementation;

        Object keyManager = newInstanceThrough(TestBundles.IMPL_STANDIN_BSN, implementation);

        assertTrue("APIM casts to KeyManager: " + keyManager.getClass(), keyManager instanceof KeyManager);
        assertEquals(implementation, keyManager.getClass().getName());
        assertEquals(CarbonStack.KM_BSN, FrameworkUtil.getBundle(keyManager.getClass()).getSymbolicName());
        // the KeyManager interface the instance implements is the one of the real api bundle
        assertEquals(CarbonStack.API_BSN, FrameworkUtil.getBundle(KeyManager.class).getSymbolicName());

        // a JSON helper APIM calls runs on the bundle's private Jackson (APIM's own is older)
        AccessTokenRequest request = ((KeyManager) keyManager).buildAccessTokenRequestFromJSON(
                "{\"client_id\":\"osgi-client\",\"grant_type\":\"client_credentials\"}", new AccessTokenRequest());
        assertEquals("osgi-client", request.getClientId());
        assertEquals("client_credentials", request.getGrantType());
    }

    @Test
    public void gatewayBundleIsWiredToSynapseAndAxis2AtTheVersionsApimExports() {
        Bundle gateway = Connectors.bundle(context, CarbonStack.GATEWAY_BSN);
        BundleWiring wiring = gateway.adapt(BundleWiring.class);
        assertNotNull("gateway bundle is not resolved", wiring);
        Map<String, Version> wired = new HashMap<>();
        for (BundleWire wire : wiring.getRequiredWires("osgi.wiring.package")) {
            wired.put((String) wire.getCapability().getAttributes().get("osgi.wiring.package"),
                    (Version) wire.getCapability().getAttributes().get("version"));
        }
        Version synapse = Version.parseVersion(TestBundles.SYNAPSE_FORK_VERSION);
        Version axis2 = Version.parseVersion(TestBundles.AXIS2_FORK_VERSION);
        boolean sawSynapse = false;
        for (Map.Entry<String, Version> entry : wired.entrySet()) {
            if (entry.getKey().startsWith("org.apache.synapse")) {
                assertEquals(entry.getKey(), synapse, entry.getValue());
                sawSynapse = true;
            } else if (entry.getKey().startsWith("org.apache.axis2")) {
                assertEquals(entry.getKey(), axis2, entry.getValue());
            }
        }
        assertTrue("no org.apache.synapse package wired: " + wired, sawSynapse);
    }

    @Test
    public void bothHandlersLoadByNameThroughDynamicImportLikeSynapseCore() throws Exception {
        Object apiHandler = newInstanceThrough(TestBundles.SYNAPSE_STANDIN_BSN,
                "dev.apimauth0.gateway.Auth0TokenGuardHandler");
        Object globalHandler = newInstanceThrough(TestBundles.SYNAPSE_STANDIN_BSN,
                "dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler");

        Bundle synapse = Connectors.bundle(context, TestBundles.SYNAPSE_STANDIN_BSN);
        assertTrue(synapse.loadClass("org.apache.synapse.rest.Handler").isInstance(apiHandler));
        assertTrue(synapse.loadClass("org.apache.synapse.ManagedLifecycle").isInstance(apiHandler));
        assertTrue(synapse.loadClass("org.apache.synapse.SynapseHandler").isInstance(globalHandler));
        assertEquals(CarbonStack.GATEWAY_BSN, FrameworkUtil.getBundle(apiHandler.getClass()).getSymbolicName());
        assertEquals(CarbonStack.GATEWAY_BSN, FrameworkUtil.getBundle(globalHandler.getClass()).getSymbolicName());
    }

    private Object newInstanceThrough(String loaderBundle, String className) throws Exception {
        Class<?> loader = Connectors.bundle(context, loaderBundle)
                .loadClass("dev.apimauth0.osgitests.standin.ClassForNameLoader");
        return loader.getMethod("newInstance", String.class).invoke(null, className);
    }

    private List<Connectors.Registered> ofType(String type) {
        try {
            return Connectors.ofType(context, type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
