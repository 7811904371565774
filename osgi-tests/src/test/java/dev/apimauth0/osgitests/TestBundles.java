package dev.apimauth0.osgitests;

import dev.apimauth0.osgitests.standin.ClassForNameLoader;
import dev.apimauth0.osgitests.standin.KeyManagerHolderSteps;
import dev.apimauth0.osgitests.standin.StockAuth0Connector;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds the test-only bundles the OSGi tests install next to the project's bundles. Nothing here ships. */
final class TestBundles {

    /** Versions that APIM 4.0.0's WSO2 forks export (PLATFORM facts): the stand-in exports the same numbers. */
    static final String SYNAPSE_FORK_VERSION = "2.1.7.wso2v227";
    static final String AXIS2_FORK_VERSION = "1.6.1.wso2v63";
    static final String AXIOM_VERSION = "1.2.13";

    static final String STOCK_BSN = "auth0.key.manager";
    static final String IMPL_STANDIN_BSN = "test.apimgt.impl.standin";
    static final String SYNAPSE_STANDIN_BSN = "test.synapse.fork.standin";
    static final String APIM_JWT_BSN = "test.apimgt.jwt.packages";
    static final String APIMGT_VERSION = "9.0.174";

    private TestBundles() {
    }

    static File workDir() {
        File dir = new File(Settings.required("apim_auth0.workDir"));
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IllegalStateException("cannot create " + dir);
        }
        return dir;
    }

    /** Stand-in for the stock connector bundle: same symbolic name and version, a DS 1.2 component of type Auth0. */
    static String stockConnector() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        putClass(entries, StockAuth0Connector.class);
        String component = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.2.0\" name=\"auth0.configuration.component\""
                + " immediate=\"true\">\n"
                + "  <implementation class=\"" + StockAuth0Connector.class.getName() + "\"/>\n"
                + "  <service><provide interface=\"org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration\"/></service>\n"
                + "</scr:component>\n";
        entries.put("OSGI-INF/auth0.configuration.component.xml", component.getBytes(StandardCharsets.UTF_8));
        Manifest manifest = manifest(STOCK_BSN, "1.0.1");
        Attributes main = manifest.getMainAttributes();
        main.putValue("Import-Package", "org.wso2.carbon.apimgt.api.model;version=\"[9.0,10)\"");
        main.putValue("Service-Component", "OSGI-INF/auth0.configuration.component.xml");
        return write("auth0.key.manager-standin.jar", manifest, entries);
    }

    /** A bundle wired only through DynamicImport-Package: *, like APIM's impl bundle and synapse-core. */
    static String dynamicImportLoader() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        putClass(entries, ClassForNameLoader.class);
        putClass(entries, KeyManagerHolderSteps.class);
        Manifest manifest = manifest(IMPL_STANDIN_BSN, "1.0.0");
        manifest.getMainAttributes().putValue("DynamicImport-Package", "*");
        return write("dynamic-import-loader.jar", manifest, entries);
    }

    /**
     * Test-only stand-in for WSO2's Synapse and Axis2 forks, which are not on Maven Central: the project's
     * declarations of the WSO2-only handler types, then Apache synapse-core 2.1.0, axis2-kernel 1.6.2 and
     * axiom-api 1.2.13 (first copy of a class wins), exporting org.apache.synapse.* and org.apache.axis2.* at the
     * version numbers APIM 4.0.0 exports. Whatever those jars need besides is wired dynamically.
     */
    static String synapseForkStandIn() throws IOException {
        String libs = Settings.required("apim_auth0.osgiLibs");
        File[] jars = {
                Settings.existingFile("apim_auth0.synapseApi.jar"),
                new File(libs, "synapse-core.jar"),
                new File(libs, "axis2-kernel.jar"),
                new File(libs, "axiom-api.jar")};
        Map<String, byte[]> entries = new LinkedHashMap<>();
        putClass(entries, ClassForNameLoader.class);
        Map<String, String> exports = new TreeMap<>();
        for (File jar : jars) {
            try (JarFile in = new JarFile(jar)) {
                Enumeration<JarEntry> all = in.entries();
                while (all.hasMoreElements()) {
                    JarEntry entry = all.nextElement();
                    String name = entry.getName();
                    if (entry.isDirectory() || name.startsWith("META-INF/") || entries.containsKey(name)) {
                        continue;
                    }
                    try (InputStream data = in.getInputStream(entry)) {
                        entries.put(name, data.readAllBytes());
                    }
                    if (name.endsWith(".class") && name.indexOf('/') > 0) {
                        String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
                        exports.put(pkg, versionOf(pkg));
                    }
                }
            }
        }
        StringBuilder exportPackage = new StringBuilder();
        exports.forEach((pkg, version) -> exportPackage.append(exportPackage.length() == 0 ? "" : ",")
                .append(pkg).append(";version=\"").append(version).append('"'));
        Manifest manifest = manifest(SYNAPSE_STANDIN_BSN, SYNAPSE_FORK_VERSION);
        manifest.getMainAttributes().putValue("Export-Package", exportPackage.toString());
        manifest.getMainAttributes().putValue("DynamicImport-Package", "*");
        return write("synapse-fork-standin.jar", manifest, entries);
    }

    /**
     * Test-only bundle with the real 9.0.174 classes of the two packages APIM's JWT validators live by,
     * org.wso2.carbon.apimgt.impl.jwt (impl jar) and org.wso2.carbon.apimgt.common.gateway.dto (common.gateway jar),
     * exported at 9.0.174 as the impl and common.gateway bundles export them. The impl classes are woven with
     * AspectJ (MethodTimeLogger), so the aspect, aspectjrt and commons-lang3 come along privately; nimbus-jose-jwt
     * 7.3 and json-smart 2.3, which 9.0.174 parses tokens with, are exported too (the gateway stand-in parses with
     * them). The rest of the impl bundle is not there: whatever else those classes need is wired dynamically.
     */
    static String apimJwtPackages() throws IOException {
        String libs = Settings.required("apim_auth0.osgiLibs");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, String> exports = new TreeMap<>();
        copy(new File(libs, "org.wso2.carbon.apimgt.impl.jar"), entries, exports, "org/wso2/carbon/apimgt/impl/jwt/",
                APIMGT_VERSION);
        copy(new File(libs, "org.wso2.carbon.apimgt.impl.jar"), entries, null,
                "org/wso2/carbon/apimgt/impl/MethodTimeLogger", null);
        copy(new File(libs, "org.wso2.carbon.apimgt.impl.jar"), entries, null, "org/wso2/carbon/apimgt/impl/MethodStats",
                null);
        copy(new File(libs, "org.wso2.carbon.apimgt.common.gateway.jar"), entries, exports,
                "org/wso2/carbon/apimgt/common/gateway/dto/", APIMGT_VERSION);
        copy(new File(libs, "nimbus-jose-jwt.jar"), entries, exports, "com/nimbusds/", "7.3.0");
        copy(new File(libs, "json-smart.jar"), entries, exports, "net/minidev/json", "2.3.0");
        copy(new File(libs, "accessors-smart.jar"), entries, null, "net/minidev/asm/", null);
        copy(new File(libs, "asm.jar"), entries, null, "org/objectweb/asm/", null);
        copy(new File(libs, "jcip-annotations.jar"), entries, null, "net/jcip/", null);
        copy(new File(libs, "aspectjrt.jar"), entries, null, "org/aspectj/", null);
        copy(new File(libs, "commons-lang3.jar"), entries, null, "org/apache/commons/lang3/", null);
        StringBuilder exportPackage = new StringBuilder();
        exports.forEach((pkg, version) -> exportPackage.append(exportPackage.length() == 0 ? "" : ",")
                .append(pkg).append(";version=\"").append(version).append('"'));
        Manifest manifest = manifest(APIM_JWT_BSN, APIMGT_VERSION);
        manifest.getMainAttributes().putValue("Export-Package", exportPackage.toString());
        manifest.getMainAttributes().putValue("Import-Package", "org.wso2.carbon.apimgt.api;version=\"[9.0,10)\","
                + "org.apache.commons.logging");
        manifest.getMainAttributes().putValue("DynamicImport-Package", "*");
        return write("apimgt-jwt-packages.jar", manifest, entries);
    }

    /** Copies the classes under a path prefix; with exports, records their packages at the version. */
    private static void copy(File jar, Map<String, byte[]> entries, Map<String, String> exports, String prefix,
                             String version) throws IOException {
        try (JarFile in = new JarFile(jar)) {
            Enumeration<JarEntry> all = in.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(prefix) || entries.containsKey(name)) {
                    continue;
                }
                try (InputStream data = in.getInputStream(entry)) {
                    entries.put(name, data.readAllBytes());
                }
                if (exports != null && name.endsWith(".class")) {
                    exports.put(name.substring(0, name.lastIndexOf('/')).replace('/', '.'), version);
                }
            }
        }
    }

    private static String versionOf(String pkg) {
        if (pkg.equals("org.apache.synapse") || pkg.startsWith("org.apache.synapse.")) {
            return SYNAPSE_FORK_VERSION;
        }
        if (pkg.equals("org.apache.axis2") || pkg.startsWith("org.apache.axis2.")) {
            return AXIS2_FORK_VERSION;
        }
        if (pkg.equals("org.apache.axiom") || pkg.startsWith("org.apache.axiom.")) {
            return AXIOM_VERSION;
        }
        throw new IllegalStateException("unexpected package in the Synapse stand-in: " + pkg);
    }

    private static Manifest manifest(String symbolicName, String version) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        return manifest;
    }

    private static void putClass(Map<String, byte[]> entries, Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        File file = new File(Settings.required("apim_auth0.testClasses"), resource);
        entries.put(resource, Files.readAllBytes(file.toPath()));
    }

    private static String write(String fileName, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        File file = new File(workDir(), fileName);
        try (OutputStream out = new FileOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return file.toURI().toString();
    }
}
