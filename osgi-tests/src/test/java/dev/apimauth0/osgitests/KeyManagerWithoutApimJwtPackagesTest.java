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
import org.osgi.framework.ServiceReference;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import javax.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * Where org.wso2.carbon.apimgt.impl.jwt and org.wso2.carbon.apimgt.common.gateway.dto are missing, only the JWT
 * validator bundle stays unresolved: the key manager and the connector configuration still load and work, and the
 * validator's name gives APIM's Class.forName a ClassNotFoundException (which KeyManagerHolder catches), never a
 * NoClassDefFoundError (which it does not).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KeyManagerWithoutApimJwtPackagesTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                bundle(TestBundles.dynamicImportLoader()),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                CarbonStack.jwtValidator());
    }

    @Test
    public void onlyTheValidatorBundleIsLeftUnresolved() {
        assertEquals(Bundle.INSTALLED, Connectors.bundle(context, CarbonStack.VALIDATOR_BSN).getState());
        assertEquals(Bundle.ACTIVE, Connectors.bundle(context, CarbonStack.KM_BSN).getState());
        assertEquals(Bundle.ACTIVE, Connectors.bundle(context, CarbonStack.UI_BSN).getState());
    }

    @Test
    public void theKeyManagerLoadsByNameAndTheValidatorNameFailsWithClassNotFound() throws Exception {
        assertTrue(Connectors.describe(context), Connectors.await(() -> registered() != null, 10_000));
        KeyManagerConnectorConfiguration connector = registered();

        Object km = newInstance(connector.getImplementation());
        assertTrue(km instanceof KeyManager);
        KeyManager keyManager = (KeyManager) km;
        keyManager.setTenantDomain("carbon.super");
        keyManager.loadConfiguration(configuration());
        assertEquals("Auth0", keyManager.getType());

        try {
            newInstance(connector.getJWTValidator());
            fail("the validator must not load without APIM's packages");
        } catch (InvocationTargetException e) {
            assertEquals(ClassNotFoundException.class, e.getCause().getClass());
        }
    }

    private Object newInstance(String className) throws Exception {
        Class<?> loader = Connectors.bundle(context, TestBundles.IMPL_STANDIN_BSN)
                .loadClass("dev.apimauth0.osgitests.standin.ClassForNameLoader");
        return loader.getMethod("newInstance", String.class).invoke(null, className);
    }

    private KeyManagerConnectorConfiguration registered() {
        try {
            for (ServiceReference<KeyManagerConnectorConfiguration> ref
                    : context.getServiceReferences(KeyManagerConnectorConfiguration.class, null)) {
                KeyManagerConnectorConfiguration c = context.getService(ref);
                if ("Auth0".equals(c.getType())) {
                    return c;
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KeyManagerConfiguration configuration() {
        KeyManagerConfiguration c = new KeyManagerConfiguration();
        c.setName("Auth0KM");
        c.setType("Auth0");
        c.setTenantDomain("carbon.super");
        c.setEnabled(true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", "osgi-management-client");
        p.put("client_secret", "not-used-offline");
        p.put("audience", "http://127.0.0.1:9/api/v2/");
        p.put("api_audience", "https://api.example.com/orders");
        p.put("issuer", "http://127.0.0.1:9/");
        p.put("self_validate_jwt", Boolean.TRUE);
        c.setConfiguration(p);
        return c;
    }
}
