package dev.apimauth0.osgitests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The end state the takeover must reach, whichever bundle started first. */
final class TakeoverChecks {

    private TakeoverChecks() {
    }

    /**
     * The stand-in stock connector ends stopped transiently (stopped, yet still marked persistently started, so
     * it comes back once this project is removed), exactly one "Auth0" connector is registered and it is ours,
     * and APIM's map holds ours; it stays so for a while. {@code stockSeenByMap}: the APIM-like map was open
     * before the stock connector started, so it must have seen it register.
     */
    static void assertOursIsTheOnlyAuth0(BundleContext context, Connectors apim, boolean stockSeenByMap)
            throws Exception {
        Bundle stock = Connectors.bundle(context, TestBundles.STOCK_BSN);
        boolean reached = Connectors.await(() -> stoppedTransiently(stock)
                && (!stockSeenByMap || apim.stockRegistrations() > 0)
                && oursOnly(context)
                && ours(apim.apimView().get("Auth0")), 20_000);
        assertTrue("takeover did not complete: stock registrations seen " + apim.stockRegistrations()
                + ", stock bundle state " + stock.getState() + ", persistently started "
                + stock.adapt(BundleStartLevel.class).isPersistentlyStarted() + ", " + Connectors.describe(context)
                + ", APIM map " + apim.apimView(), reached);

        Thread.sleep(1500); // nothing undoes it afterwards
        assertTrue("stock bundle must stay stopped, transiently", stoppedTransiently(stock));
        List<Connectors.Registered> auth0 = Connectors.ofType(context, "Auth0");
        assertEquals(Connectors.describe(context), 1, auth0.size());
        assertEquals(CarbonStack.UI_BSN, auth0.get(0).bundle);
        assertEquals("dev.apimauth0.km.Auth0KeyManager", auth0.get(0).implementation);
        Map<String, Connectors.Registered> map = apim.apimView();
        assertEquals("APIM map " + map, CarbonStack.UI_BSN, map.get("Auth0").bundle);
        assertTrue("no side-by-side type while taking over: " + map, !map.containsKey("apim-auth0"));
    }

    private static boolean stoppedTransiently(Bundle stock) {
        return stock.getState() == Bundle.RESOLVED && stock.adapt(BundleStartLevel.class).isPersistentlyStarted();
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
