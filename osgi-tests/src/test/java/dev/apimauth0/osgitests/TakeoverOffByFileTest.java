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
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * takeover_stock_type=false in {@code <carbon.home>/repository/conf/apim-auth0-connector.properties}, the file
 * rendered from deployment.toml: both connectors side by side, ours starting first this time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TakeoverOffByFileTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        File carbonHome = new File(TestBundles.workDir(), "carbon-home-takeover-off");
        File conf = new File(carbonHome, "repository/conf");
        if (!conf.isDirectory() && !conf.mkdirs()) {
            throw new IllegalStateException("cannot create " + conf);
        }
        Files.write(new File(conf, "apim-auth0-connector.properties").toPath(),
                "# rendered from [apim_auth0.connector]\ntakeover_stock_type = false\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        return options(
                frameworkProperty("carbon.home").value(carbonHome.getAbsolutePath()),
                CarbonStack.base(),
                CarbonStack.kmConnector(),
                CarbonStack.adminUiExt(),
                bundle(TestBundles.stockConnector()));
    }

    @Test
    public void bothTypesArePresentAndTheStockBundleIsLeftAlone() throws Exception {
        SideBySide.assertBothTypes(context);
    }
}
