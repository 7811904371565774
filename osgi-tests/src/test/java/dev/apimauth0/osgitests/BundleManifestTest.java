package dev.apimauth0.osgitests;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the built bundles (their target/ jars) the way Carbon's resolver will: what they import and at which
 * ranges, what they export, which extender they require and which DS namespace their components use.
 */
class BundleManifestTest {

    private static final String APIMGT_RANGE = "[9.0,10)";
    private static final String SYNAPSE_RANGE = "[2.1,3)";
    private static final String AXIS2_RANGE = "[1.6,2)";
    private static final String DS_12 = "http://www.osgi.org/xmlns/scr/v1.2.0";
    /** Packages Guava refers to for annotations only: never to be wired to whatever a pack may export. */
    private static final String[] GUAVA_ANNOTATION_PACKAGES = {
            "com.google.errorprone", "com.google.j2objc", "org.checkerframework", "javax.annotation", "org.jspecify"};
    /** Libraries the bundles embed privately (APIM ships older Jackson and Guava): never imported. */
    private static final String[] EMBEDDED_LIBRARIES = {
            "com.google.common", "com.fasterxml.jackson", "com.auth0", "dev.apimauth0"};

    @Test
    void keyManagerBundle() throws Exception {
        Bundle km = Bundle.read("apim_auth0.km.jar");
        assertThat(km.header("Bundle-SymbolicName")).isEqualTo("dev.apimauth0.km.connector");
        assertThat(km.exports()).containsOnlyKeys("dev.apimauth0.km");
        assertThat(km.imports()).containsKey("org.wso2.carbon.apimgt.api.model");
        assertThat(km.imports()).containsKey("org.apache.commons.logging");
        assertCommonRules(km);
        assertThat(km.header("Bundle-ClassPath")).contains("jackson-databind", "jwks-rsa", "httpclient", "apim-auth0-core",
                "apim-auth0-auth0-client");
        assertOnlyUsedLibraries(km);
        assertThat(km.hasEntry("dev/apimauth0/km/Auth0KeyManager.class")).as("KeyManager implementation").isTrue();
    }

    @Test
    void connectorConfigurationBundle() throws Exception {
        Bundle ui = Bundle.read("apim_auth0.ui.jar");
        assertThat(ui.header("Bundle-SymbolicName")).isEqualTo("dev.apimauth0.admin.ui.ext");
        assertThat(ui.exports()).isEmpty();
        assertThat(ui.imports()).containsKeys("org.wso2.carbon.apimgt.api.model", "org.apache.commons.logging",
                "org.osgi.framework", "org.osgi.service.component");
        assertCommonRules(ui);

        Map<String, Element> components = ui.components();
        assertThat(components).containsKeys("OSGI-INF/dev.apimauth0.connector.Auth0ConnectorConfiguration.xml",
                "OSGI-INF/dev.apimauth0.connector.StockConnectorTakeover.xml");
        Element configuration = components.get("OSGI-INF/dev.apimauth0.connector.Auth0ConnectorConfiguration.xml");
        assertThat(configuration.getAttribute("name")).isEqualTo("dev.apimauth0.connector.Auth0ConnectorConfiguration");
        assertThat(((Element) configuration.getElementsByTagName("provide").item(0)).getAttribute("interface"))
                .isEqualTo("org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration");
    }

    @Test
    void jwtValidatorBundle() throws Exception {
        Bundle validator = Bundle.read("apim_auth0.validator.jar");
        assertThat(validator.header("Bundle-SymbolicName")).isEqualTo("dev.apimauth0.jwt.validator");
        // exported: APIM's impl bundle loads the validator by name through DynamicImport-Package: *
        assertThat(validator.exports()).containsOnlyKeys("dev.apimauth0.validator");
        // mandatory (checked in assertCommonRules): missing, the bundle does not resolve, and Class.forName fails
        // with ClassNotFoundException rather than NoClassDefFoundError
        assertThat(validator.imports()).containsKeys("org.wso2.carbon.apimgt.impl.jwt",
                "org.wso2.carbon.apimgt.common.gateway.dto", "org.wso2.carbon.apimgt.api");
        assertThat(validator.imports().keySet()).filteredOn(p -> !"optional".equals(validator.imports().get(p).get("resolution:")))
                .containsExactlyInAnyOrder("org.wso2.carbon.apimgt.impl.jwt", "org.wso2.carbon.apimgt.common.gateway.dto",
                        "org.wso2.carbon.apimgt.api", "org.apache.commons.logging");
        assertThat(validator.imports().keySet()).as("reads the token string only, never nimbus")
                .noneMatch(p -> p.startsWith("com.nimbusds") || p.startsWith("net.minidev"));
        assertCommonRules(validator);
        assertThat(validator.hasEntry("dev/apimauth0/validator/Auth0JwtValidator.class")).isTrue();
    }

    @Test
    void onlyTheValidatorBundleImportsApimsImplOrGatewayPackages() throws Exception {
        for (String key : new String[] {"apim_auth0.km.jar", "apim_auth0.ui.jar", "apim_auth0.gateway.jar"}) {
            Bundle bundle = Bundle.read(key);
            assertThat(bundle.imports().keySet()).as(bundle.header("Bundle-SymbolicName"))
                    .noneMatch(p -> within(p, "org.wso2.carbon.apimgt.impl") || within(p, "org.wso2.carbon.apimgt.common"));
        }
    }

    @Test
    void gatewayHandlerBundle() throws Exception {
        Bundle gateway = Bundle.read("apim_auth0.gateway.jar");
        assertThat(gateway.header("Bundle-SymbolicName")).isEqualTo("dev.apimauth0.gateway.handler");
        assertThat(gateway.exports()).containsOnlyKeys("dev.apimauth0.gateway");
        assertThat(gateway.imports()).containsKeys("org.apache.synapse", "org.apache.synapse.rest",
                "org.apache.commons.logging");
        assertThat(gateway.imports().keySet()).anyMatch(name -> name.startsWith("org.apache.axis2"));
        assertCommonRules(gateway);
        assertThat(gateway.header("Bundle-ClassPath")).contains("jackson-databind", "jwks-rsa", "apim-auth0-core");
        assertThat(gateway.header("Bundle-ClassPath")).doesNotContain("httpclient", "auth0-client");
        assertOnlyUsedLibraries(gateway);
        assertThat(gateway.hasEntry("dev/apimauth0/gateway/Auth0TokenGuardHandler.class")).isTrue();
        assertThat(gateway.hasEntry("dev/apimauth0/gateway/Auth0TokenGuardSynapseHandler.class")).isTrue();
    }

    /**
     * Libraries no bundle uses: Guava (only jwks-rsa's GuavaCachedJwkProvider needs it, and the guard caches keys
     * itself) and commons-codec (only HttpClient's auth schemes need it, and the Auth0 HTTP stack registers none).
     */
    private static void assertOnlyUsedLibraries(Bundle bundle) {
        assertThat(bundle.header("Bundle-ClassPath")).as(bundle.header("Bundle-SymbolicName") + " Bundle-ClassPath")
                .doesNotContain("guava", "failureaccess", "commons-codec");
    }

    private static void assertCommonRules(Bundle bundle) throws Exception {
        String name = bundle.header("Bundle-SymbolicName");
        for (Map.Entry<String, Map<String, String>> entry : bundle.imports().entrySet()) {
            String pkg = entry.getKey();
            Map<String, String> attributes = entry.getValue();
            boolean optional = "optional".equals(attributes.get("resolution:"));
            String version = attributes.get("version");
            if (within(pkg, "org.wso2.carbon.apimgt")) {
                assertThat(version).as(name + " imports " + pkg).isEqualTo(APIMGT_RANGE);
                assertThat(optional).as(name + " " + pkg + " optional").isFalse();
            } else if (within(pkg, "org.apache.synapse")) {
                assertThat(version).as(name + " imports " + pkg).isEqualTo(SYNAPSE_RANGE);
                assertThat(optional).as(name + " " + pkg + " optional").isFalse();
            } else if (within(pkg, "org.apache.axis2")) {
                assertThat(version).as(name + " imports " + pkg).isEqualTo(AXIS2_RANGE);
                assertThat(optional).as(name + " " + pkg + " optional").isFalse();
            } else if (pkg.equals("org.apache.commons.logging") || within(pkg, "org.osgi")
                    || within(pkg, "org.apache.axiom")) {
                assertThat(optional).as(name + " " + pkg + " optional").isFalse();
            } else {
                // left-overs of the embedded libraries (JDK extras, Android, App Engine...): never required
                assertThat(optional).as(name + " imports " + pkg + " without resolution:=optional").isTrue();
            }
            for (String annotations : GUAVA_ANNOTATION_PACKAGES) {
                assertThat(within(pkg, annotations)).as(name + " imports annotation package " + pkg).isFalse();
            }
            for (String library : EMBEDDED_LIBRARIES) {
                assertThat(within(pkg, library)).as(name + " imports embedded library package " + pkg).isFalse();
            }
        }
        String requirements = bundle.header("Require-Capability");
        assertThat(requirements == null ? "" : requirements).as(name + " Require-Capability")
                .doesNotContain("osgi.extender");
        for (Map.Entry<String, Element> component : bundle.components().entrySet()) {
            assertThat(component.getValue().getNamespaceURI()).as(name + " " + component.getKey()).isEqualTo(DS_12);
        }
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** A built bundle jar: headers parsed the OSGi way (quoted commas, attributes, directives). */
    private static final class Bundle {
        private final File file;
        private final Attributes headers;

        private Bundle(File file, Attributes headers) {
            this.file = file;
            this.headers = headers;
        }

        static Bundle read(String key) throws Exception {
            File file = Settings.existingFile(key);
            try (JarFile jar = new JarFile(file)) {
                return new Bundle(file, jar.getManifest().getMainAttributes());
            }
        }

        String header(String name) {
            return headers.getValue(name);
        }

        Map<String, Map<String, String>> imports() {
            return clauses(header("Import-Package"));
        }

        Map<String, Map<String, String>> exports() {
            return clauses(header("Export-Package"));
        }

        boolean hasEntry(String name) throws Exception {
            try (JarFile jar = new JarFile(file)) {
                return jar.getEntry(name) != null;
            }
        }

        /** Component XML files named by Service-Component, each as its root element. */
        Map<String, Element> components() throws Exception {
            Map<String, Element> components = new LinkedHashMap<>();
            String header = header("Service-Component");
            if (header == null || header.isBlank()) {
                return components;
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            try (JarFile jar = new JarFile(file)) {
                for (String path : split(header, ',')) {
                    ZipEntry entry = jar.getEntry(path.trim());
                    assertThat(entry).as("Service-Component names " + path + " in " + file).isNotNull();
                    try (InputStream in = jar.getInputStream(entry)) {
                        Document document = factory.newDocumentBuilder().parse(in);
                        components.put(path.trim(), document.getDocumentElement());
                    }
                }
            }
            return components;
        }

        private static Map<String, Map<String, String>> clauses(String header) {
            Map<String, Map<String, String>> clauses = new LinkedHashMap<>();
            if (header == null || header.isBlank()) {
                return clauses;
            }
            for (String clause : split(header, ',')) {
                List<String> names = new ArrayList<>();
                Map<String, String> attributes = new LinkedHashMap<>();
                for (String part : split(clause, ';')) {
                    part = part.trim();
                    int directive = part.indexOf(":=");
                    int attribute = part.indexOf('=');
                    if (directive > 0 && directive < attribute) {
                        attributes.put(part.substring(0, directive) + ":", unquote(part.substring(directive + 2)));
                    } else if (attribute > 0) {
                        attributes.put(part.substring(0, attribute), unquote(part.substring(attribute + 1)));
                    } else {
                        names.add(part);
                    }
                }
                for (String name : names) {
                    clauses.put(name, attributes);
                }
            }
            return clauses;
        }

        private static List<String> split(String value, char separator) {
            List<String> parts = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (char c : value.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == separator && !quoted) {
                    parts.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            parts.add(current.toString());
            return parts;
        }

        private static String unquote(String value) {
            String trimmed = value.trim();
            return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                    ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
        }
    }
}
