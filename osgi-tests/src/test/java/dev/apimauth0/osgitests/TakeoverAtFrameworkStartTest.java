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
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * As on a Carbon start: the framework starts the stock connector and ours in one go (stock installed last), and
 * SCR activates both components in whatever order it gets to them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TakeoverAtFrameworkStartTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(
                CarbonStack.base(),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                bundle(TestBundles.stockConnector()));
    }

    @Test
    public void oursEndsAsTheOnlyAuth0Connector() throws Exception {
        try (Connectors apim = Connectors.open(context)) {
            // the stock connector may have come and gone before this map opened: the transient stop shows it
            TakeoverChecks.assertOursIsTheOnlyAuth0(context, apim, false);
        }
    }
}
