package dev.apimauth0.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The zip adds files only, in the places the project owns, and carries the four bundles. */
class ZipContentsIT {

    /** Where the project's files may go; anything else would be a file of the stock pack or a stray. */
    static final List<Pattern> OUR_PLACES = List.of(
            Pattern.compile("apim-auth0/[A-Za-z0-9._-]+"),
            Pattern.compile("repository/components/dropins/apim-auth0-[a-z0-9-]+-[0-9][A-Za-z0-9.-]*\\.jar"),
            Pattern.compile("repository/resources/conf/templates/repository/conf/apim-auth0-[a-z0-9-]+\\.properties\\.j2"));

    static final Map<String, String> BUNDLES = new LinkedHashMap<>();

    static {
        BUNDLES.put("apim-auth0-km-connector", "dev.apimauth0.km.connector");
        BUNDLES.put("apim-auth0-admin-ui-ext", "dev.apimauth0.admin.ui.ext");
        BUNDLES.put("apim-auth0-gateway-handler", "dev.apimauth0.gateway.handler");
        BUNDLES.put("apim-auth0-jwt-validator", "dev.apimauth0.jwt.validator");
    }

    /** Every problem with a list of file entries: stock paths, paths outside our places, unsafe names. */
    static List<String> violations(List<String> fileEntries, Set<String> stock) {
        List<String> problems = new ArrayList<>();
        for (String entry : fileEntries) {
            if (stock.contains(entry)) {
                problems.add(entry + ": a stock APIM 4.0.0 file; unzipping would replace it");
            }
            if (entry.startsWith("/") || entry.contains("\\") || entry.contains("..")) {
                problems.add(entry + ": unsafe entry name");
            }
            if (OUR_PLACES.stream().noneMatch(p -> p.matcher(entry).matches())) {
                problems.add(entry + ": outside the places the project owns");
            }
        }
        return problems;
    }

    @Test
    void addsNoFileThatAStockPackHas() throws IOException {
        List<String> files = ApimHomes.fileEntries(ApimHomes.zip());
        assertThat(files).isNotEmpty();
        assertThat(violations(files, new HashSet<>(ApimHomes.stockPaths()))).isEmpty();
    }

    @Test
    void theCheckCatchesStockPathsAndStrays() {
        Set<String> stock = new HashSet<>(ApimHomes.stockPaths());
        // the list holds the files the platform notes name; an emptied list would make the check above vacuous
        assertThat(stock).contains(
                "repository/conf/deployment.toml",
                "repository/resources/conf/templates/repository/conf/synapse-handlers.xml.j2",
                "repository/resources/conf/default.json",
                "repository/resources/conf/infer.json",
                "repository/resources/conf/key-mappings.json",
                "repository/resources/conf/unit-resolve.json",
                "repository/resources/conf/validator.json",
                "repository/resources/api_templates/velocity_template.xml",
                "repository/components/plugins/auth0.key.manager_1.0.1.jar");
        List<String> bad = List.of(
                "repository/conf/deployment.toml",
                "repository/resources/conf/templates/repository/conf/synapse-handlers.xml.j2",
                "repository/components/lib/something.jar",
                "apim-auth0/../bin/api-manager.sh");
        assertThat(violations(bad, stock))
                .anyMatch(p -> p.startsWith("repository/conf/deployment.toml: a stock"))
                .anyMatch(p -> p.startsWith("repository/resources/conf/templates/repository/conf/synapse-handlers.xml.j2: a stock"))
                .anyMatch(p -> p.startsWith("repository/components/lib/something.jar: outside"))
                .anyMatch(p -> p.startsWith("apim-auth0/../bin/api-manager.sh: unsafe"));
    }

    @Test
    void carriesTheTemplatesAndTheProjectFolder() throws IOException {
        List<String> files = ApimHomes.fileEntries(ApimHomes.zip());
        String templates = "repository/resources/conf/templates/repository/conf/";
        assertThat(files).contains(
                templates + "apim-auth0-gateway.properties.j2",
                templates + "apim-auth0-connector.properties.j2",
                "apim-auth0/deployment-snippet.toml",
                "apim-auth0/INSTALL.md",
                "apim-auth0/uninstall.sh",
                "apim-auth0/installed-files.txt",
                "apim-auth0/tenant-tools.sh",
                "apim-auth0/apim-auth0-tenant-tools-" + ApimHomes.version() + ".jar");
    }

    /** Every entry of the zip, named; a file added or dropped without this list and the README's table changing fails. */
    static List<String> expectedEntries() {
        String v = ApimHomes.version();
        String templates = "repository/resources/conf/templates/repository/conf/";
        return List.of(
                "repository/components/dropins/apim-auth0-km-connector-" + v + ".jar",
                "repository/components/dropins/apim-auth0-admin-ui-ext-" + v + ".jar",
                "repository/components/dropins/apim-auth0-gateway-handler-" + v + ".jar",
                templates + "apim-auth0-gateway.properties.j2",
                templates + "apim-auth0-connector.properties.j2",
                "apim-auth0/deployment-snippet.toml",
                "apim-auth0/INSTALL.md",
                "apim-auth0/uninstall.sh",
                "apim-auth0/installed-files.txt",
                "apim-auth0/tenant-tools.sh",
                "apim-auth0/apim-auth0-tenant-tools-" + v + ".jar");
    }

    @Test
    void holdsExactlyTheListedEntriesAndTheReadmeTableNamesEachOne() throws IOException {
        assertThat(ApimHomes.fileEntries(ApimHomes.zip())).containsExactlyInAnyOrderElementsOf(expectedEntries());
        String readme = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(
                System.getProperty("apim.auth0.readme"))), StandardCharsets.UTF_8);
        int start = readme.indexOf("## What the zip contains");
        String table = readme.substring(start, readme.indexOf("\n## ", start + 5)).replace("1.0.0-SNAPSHOT", ApimHomes.version());
        for (String entry : expectedEntries()) {
            assertThat(table).as("README \"What the zip contains\" names " + entry).contains("`" + entry + "`");
        }
    }

    @Test
    void theTenantToolsJarRunsWithItsOwnMainClass() throws IOException {
        Path zip = ApimHomes.zip();
        String entry = "apim-auth0/apim-auth0-tenant-tools-" + ApimHomes.version() + ".jar";
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(ApimHomes.read(zip, entry)))) {
            manifest = jar.getManifest();
        }
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("dev.apimauth0.tools.Main");
        assertThat(manifest.getMainAttributes().getValue("Bundle-SymbolicName")).as("not an OSGi bundle: APIM never loads it").isNull();
        String wrapper = new String(ApimHomes.read(zip, "apim-auth0/tenant-tools.sh"), StandardCharsets.UTF_8);
        assertThat(wrapper).startsWith("#!/bin/sh").contains("-jar \"$here/apim-auth0-tenant-tools-" + ApimHomes.version() + ".jar\"")
                .contains("${JAVA_HOME:-}").contains("${JAVA_OPTS:-}");
    }

    @Test
    void carriesTheThreeBundlesInDropins() throws IOException {
        Path zip = ApimHomes.zip();
        List<String> files = ApimHomes.fileEntries(zip);
        for (Map.Entry<String, String> bundle : BUNDLES.entrySet()) {
            String entry = "repository/components/dropins/" + bundle.getKey() + "-" + ApimHomes.version() + ".jar";
            assertThat(files).as("bundle in dropins").contains(entry);
            Manifest manifest;
            try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(ApimHomes.read(zip, entry)))) {
                manifest = jar.getManifest();
            }
            assertThat(manifest).as(entry + " has a manifest").isNotNull();
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            assertThat(bsn).as(entry + " Bundle-SymbolicName").isNotNull();
            assertThat(bsn.split(";")[0].trim()).as(entry + " Bundle-SymbolicName").isEqualTo(bundle.getValue());
            assertThat(manifest.getMainAttributes().getValue("Bundle-ManifestVersion")).isEqualTo("2");
        }
        assertThat(files.stream().filter(f -> f.startsWith("repository/components/dropins/"))).hasSize(BUNDLES.size());
    }

    @Test
    void installedFilesListsExactlyWhatTheZipAdds() throws IOException {
        Path zip = ApimHomes.zip();
        List<String> listed = new ArrayList<>();
        for (String line : new String(ApimHomes.read(zip, "apim-auth0/installed-files.txt"), StandardCharsets.UTF_8)
                .split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                listed.add(line.trim());
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ApimHomes.fileEntries(zip));
    }

    @Test
    void textFilesCarryTheVersionAndNoUnresolvedBuildProperties() throws IOException {
        Path zip = ApimHomes.zip();
        for (String entry : List.of("apim-auth0/INSTALL.md", "apim-auth0/deployment-snippet.toml",
                "apim-auth0/installed-files.txt", "apim-auth0/uninstall.sh", "apim-auth0/tenant-tools.sh")) {
            String text = new String(ApimHomes.read(zip, entry), StandardCharsets.UTF_8);
            assertThat(text).as(entry).doesNotContain("${project.").doesNotContain("\r");
        }
        assertThat(new String(ApimHomes.read(zip, "apim-auth0/INSTALL.md"), StandardCharsets.UTF_8))
                .contains("apim-auth0-" + ApimHomes.version() + ".zip");
    }
}
