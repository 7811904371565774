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

/** The stock connector is up and registered before our bundle starts. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TakeoverStockStartsFirstTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                bundle(TestBundles.stockConnector()),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt().noStart());
    }

    @Test
    public void oursReplacesTheStockConnectorThatWasThereFirst() throws Exception {
        try (Connectors apim = Connectors.open(context)) {
            assertTrue("stock stand-in never registered: " + Connectors.describe(context),
                    Connectors.await(() -> apim.apimView().containsKey("Auth0"), 10_000));
            assertEquals(TestBundles.STOCK_BSN, apim.apimView().get("Auth0").bundle);

            Connectors.bundle(context, CarbonStack.UI_BSN).start();

            TakeoverChecks.assertOursIsTheOnlyAuth0(context, apim, true);
            assertEquals(Bundle.ACTIVE, Connectors.bundle(context, CarbonStack.UI_BSN).getState());
        }
    }
}
