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

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

/** takeover_stock_type=false (system property, read through the framework): both connectors side by side. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TakeoverOffTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                frameworkProperty("apim_auth0.connector.takeover_stock_type").value("false"),
                CarbonStack.base(),
                bundle(TestBundles.stockConnector()),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt());
    }

    @Test
    public void bothTypesArePresentAndTheStockBundleIsLeftAlone() throws Exception {
        SideBySide.assertBothTypes(context);
    }
}
