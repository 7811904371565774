package dev.apimauth0.osgitests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** With the takeover off: the stock connector keeps "Auth0", ours is "apim-auth0", in any start order. */
final class SideBySide {

    private SideBySide() {
    }

    static void assertBothTypes(BundleContext context) throws Exception {
        try (Connectors apim = Connectors.open(context)) {
            assertBoth(context, apim);
            // the stock connector (re)starting after ours is left alone too
            Bundle stock = Connectors.bundle(context, TestBundles.STOCK_BSN);
            stock.stop();
            stock.start();
            assertBoth(context, apim);
        }
    }

    private static void assertBoth(BundleContext context, Connectors apim) throws Exception {
        boolean reached = Connectors.await(() -> {
            Map<String, Connectors.Registered> map = apim.apimView();
            return map.containsKey("Auth0") && map.containsKey("apim-auth0");
        }, 10_000);
        assertTrue("both types expected: " + Connectors.describe(context) + ", APIM map " + apim.apimView(), reached);
        Thread.sleep(1500); // a takeover would act within milliseconds
        Bundle stock = Connectors.bundle(context, TestBundles.STOCK_BSN);
        assertEquals("stock bundle must stay active", Bundle.ACTIVE, stock.getState());

        List<Connectors.Registered> auth0 = Connectors.ofType(context, "Auth0");
        assertEquals(Connectors.describe(context), 1, auth0.size());
        assertEquals(TestBundles.STOCK_BSN, auth0.get(0).bundle);
        List<Connectors.Registered> own = Connectors.ofType(context, "apim-auth0");
        assertEquals(Connectors.describe(context), 1, own.size());
        assertEquals(CarbonStack.UI_BSN, own.get(0).bundle);
        assertEquals("dev.apimauth0.km.Auth0KeyManager", own.get(0).implementation);

        Map<String, Connectors.Registered> map = apim.apimView();
        assertEquals(TestBundles.STOCK_BSN, map.get("Auth0").bundle);
        assertEquals(CarbonStack.UI_BSN, map.get("apim-auth0").bundle);
    }
}
