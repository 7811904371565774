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

import javax.inject.Inject;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * STOP_TRANSIENT keeps the stock bundle's persistent start setting: once ours is gone (e.g. the project is
 * removed), the stock connector can take type "Auth0" again (here: started again after ours is stopped).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockConnectorReturnsTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                bundle(TestBundles.stockConnector()).noStart());
    }

    @Test
    public void stockConnectorServesAuth0AgainOnceOursIsGone() throws Exception {
        try (Connectors apim = Connectors.open(context)) {
            Connectors.bundle(context, TestBundles.STOCK_BSN).start();
            TakeoverChecks.assertOursIsTheOnlyAuth0(context, apim, true);

            Connectors.bundle(context, CarbonStack.UI_BSN).stop();
            Connectors.bundle(context, TestBundles.STOCK_BSN).start();

            assertTrue(Connectors.describe(context), Connectors.await(() -> {
                Connectors.Registered auth0 = apim.apimView().get("Auth0");
                return auth0 != null && TestBundles.STOCK_BSN.equals(auth0.bundle);
            }, 10_000));
            assertEquals(Bundle.ACTIVE, Connectors.bundle(context, TestBundles.STOCK_BSN).getState());
        }
    }
}
