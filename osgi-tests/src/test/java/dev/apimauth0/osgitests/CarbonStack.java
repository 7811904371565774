package dev.apimauth0.osgitests;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

/**
 * The OSGi stack of Carbon 4.6.2 (Equinox 3.14 from the test classpath, equinox.ds 1.4.400 = DS 1.2) with the
 * real org.wso2.carbon.apimgt.api 9.0.174 bundle, provisioned from the local Maven repository only (the build
 * pre-fetches everything; pax-url runs offline, see the failsafe configuration).
 */
final class CarbonStack {

    static final String KM_BSN = "dev.apimauth0.km.connector";
    static final String UI_BSN = "dev.apimauth0.admin.ui.ext";
    static final String GATEWAY_BSN = "dev.apimauth0.gateway.handler";
    static final String VALIDATOR_BSN = "dev.apimauth0.jwt.validator";
    static final String API_BSN = "org.wso2.carbon.apimgt.api";

    private CarbonStack() {
    }

    static Option base() {
        return composite(
                mavenBundle("org.eclipse.platform", "org.eclipse.osgi.services",
                        Settings.required("apim_auth0.equinox.services.version")),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.util",
                        Settings.required("apim_auth0.equinox.util.version")),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.ds",
                        Settings.required("apim_auth0.equinox.ds.version")),
                mavenBundle("org.wso2.carbon.apimgt", "org.wso2.carbon.apimgt.api",
                        Settings.required("apim_auth0.apimgt.version")),
                junitBundles());
    }

    static UrlProvisionOption kmConnector() {
        return bundle(Settings.fileUrl("apim_auth0.km.jar"));
    }

    static UrlProvisionOption adminUiExt() {
        return bundle(Settings.fileUrl("apim_auth0.ui.jar"));
    }

    static UrlProvisionOption jwtValidator() {
        return bundle(Settings.fileUrl("apim_auth0.validator.jar"));
    }

    static UrlProvisionOption gatewayHandler() {
        return bundle(Settings.fileUrl("apim_auth0.gateway.jar"));
    }
}
