package dev.apimauth0.osgitests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import javax.inject.Inject;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/** Our connector is registered first; the stock connector starts afterwards. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TakeoverStockStartsLaterTest {

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
    public void oursReplacesTheStockConnectorThatStartsLater() throws Exception {
        try (Connectors apim = Connectors.open(context)) {
            assertTrue("ours never registered: " + Connectors.describe(context),
                    Connectors.await(() -> apim.apimView().containsKey("Auth0"), 10_000));
            assertEquals(CarbonStack.UI_BSN, apim.apimView().get("Auth0").bundle);

            Connectors.bundle(context, TestBundles.STOCK_BSN).start();

            TakeoverChecks.assertOursIsTheOnlyAuth0(context, apim, true);
        }
    }
}
