package dev.apimauth0.osgitests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/** The end state the takeover must reach, whichever bundle started first. */
final class TakeoverChecks {

    private TakeoverChecks() {
    }

    /**
     * After the stand-in stock connector registered (seen by the APIM-like map), it ends stopped, exactly one
     * "Auth0" connector is registered and it is ours, and APIM's map holds ours; it stays so for a while.
     */
    static void assertOursIsTheOnlyAuth0(BundleContext context, Connectors apim) throws Exception {
        Bundle stock = Connectors.bundle(context, TestBundles.STOCK_BSN);
        boolean reached = Connectors.await(() -> apim.stockRegistrations() > 0
                && stock.getState() != Bundle.ACTIVE
                && oursOnly(context)
                && ours(apim.apimView().get("Auth0")), 20_000);
        assertTrue("takeover did not complete: stock registrations seen " + apim.stockRegistrations()
                + ", stock bundle state " + stock.getState() + ", " + Connectors.describe(context)
                + ", APIM map " + apim.apimView(), reached);

        Thread.sleep(1500); // nothing undoes it afterwards
        assertNotEquals("stock bundle was started again", Bundle.ACTIVE, stock.getState());
        List<Connectors.Registered> auth0 = Connectors.ofType(context, "Auth0");
        assertEquals(Connectors.describe(context), 1, auth0.size());
        assertEquals(CarbonStack.UI_BSN, auth0.get(0).bundle);
        assertEquals("dev.apimauth0.km.Auth0KeyManager", auth0.get(0).implementation);
        Map<String, Connectors.Registered> map = apim.apimView();
        assertEquals("APIM map " + map, CarbonStack.UI_BSN, map.get("Auth0").bundle);
        assertTrue("no side-by-side type while taking over: " + map, !map.containsKey("apim-auth0"));
        // stopped transiently: the persistent autostart setting is untouched, so it comes back if ours goes
        assertEquals(Bundle.RESOLVED, stock.getState());
    }

    private static boolean oursOnly(BundleContext context) {
        try {
            List<Connectors.Registered> auth0 = Connectors.ofType(context, "Auth0");
            return auth0.size() == 1 && CarbonStack.UI_BSN.equals(auth0.get(0).bundle);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean ours(Connectors.Registered registered) {
        return registered != null && CarbonStack.UI_BSN.equals(registered.bundle);
    }
}
