package dev.apimauth0.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.wso2.carbon.apimgt.api.model.ConfigurationDto;

import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.core.config.GatewaySetting;
import dev.apimauth0.core.token.Reason;

/** The README's tables say what the code does: every rejection reason and every setting, and nothing extra. */
class ReadmeTest {

    static final String TROUBLESHOOTING = "## Troubleshooting";
    static final String GATEWAY_REFERENCE = "### `[apim_auth0.gateway]`";

    static String readme() throws IOException {
        Path path = Paths.get(System.getProperty("apim.auth0.readme", "../README.md"));
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** The rows of the first Markdown table after the heading line that starts with {@code heading}. */
    static List<List<String>> firstTableAfter(String markdown, String heading) {
        String[] lines = markdown.split("\n");
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(heading)) {
            i++;
        }
        if (i == lines.length) {
            throw new AssertionError("README has no heading starting with " + heading);
        }
        i++;
        while (i < lines.length && !lines[i].startsWith("|")) {
            if (lines[i].startsWith("#")) {
                throw new AssertionError("no table under " + heading);
            }
            i++;
        }
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (; i < lines.length && lines[i].startsWith("|"); i++) {
            List<String> cells = cells(lines[i]);
            if (header) {
                header = false;
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue;
            }
            rows.add(cells);
        }
        return rows;
    }

    static List<String> cells(String row) {
        String inner = row.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(c.trim());
        }
        return cells;
    }

    static String unquote(String cell) {
        String c = cell.trim();
        return c.length() >= 2 && c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
    }

    @Test
    void theTroubleshootingTableListsEveryReasonCodeWithItsStatus() throws IOException {
        List<List<String>> rows = firstTableAfter(readme(), TROUBLESHOOTING);
        Map<String, String> statusByCode = new LinkedHashMap<>();
        for (List<String> row : rows) {
            assertThat(row).as("row " + row).hasSizeGreaterThanOrEqualTo(4);
            assertThat(row.get(2)).as("meaning of " + row.get(0)).isNotBlank();
            assertThat(row.get(3)).as("what to do for " + row.get(0)).isNotBlank();
            assertThat(statusByCode.put(unquote(row.get(0)), row.get(1))).as("listed once: " + row.get(0)).isNull();
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            expected.put(r.code(), String.valueOf(r.httpStatus()));
        }
        assertThat(statusByCode).isEqualTo(expected);
    }

    /** The README row of a setting: what the configuration table says, rendered from the settings table. */
    static String readmeRow(GatewaySetting s) {
        return "| `" + s.name() + "` | `" + s.propertyName() + "` | `" + s.defaultValue() + "` | " + s.meaning() + " |";
    }

    @Test
    void theConfigurationReferenceIsTheSettingsTable() throws IOException {
        List<List<String>> rows = firstTableAfter(readme(), GATEWAY_REFERENCE);
        List<List<String>> documented = new ArrayList<>();
        for (List<String> row : rows) {
            assertThat(row).as("row " + row).hasSize(4);
            documented.add(List.of(unquote(row.get(0)), unquote(row.get(1)), unquote(row.get(2)), row.get(3)));
        }
        List<List<String>> declared = new ArrayList<>();
        for (GatewaySetting s : GatewaySetting.ALL) {
            declared.add(List.of(s.name(), s.propertyName(), s.defaultValue(), s.meaning()));
        }
        assertThat(documented).as("the README's " + GATEWAY_REFERENCE + " table, row by row, is GatewaySetting.ALL:\n"
                + GatewaySetting.ALL.stream().map(ReadmeTest::readmeRow).collect(Collectors.joining("\n")))
                .isEqualTo(declared);
    }

    @Test
    void theAdminPortalTableListsEveryConnectionFieldWithWhetherItIsRequiredAndItsDefault() throws IOException {
        List<List<String>> rows = firstTableAfter(readme(), "3. **Connector configurations**");
        Map<String, String> documented = new LinkedHashMap<>();
        for (List<String> row : rows) {
            assertThat(row).as("row " + row).hasSize(4);
            assertThat(row.get(3)).as("what " + row.get(0) + " is").isNotBlank();
            documented.put(unquote(row.get(0)), row.get(1) + "|" + row.get(2));
        }
        Map<String, String> declared = new LinkedHashMap<>();
        for (ConfigurationDto field : new Auth0ConnectorConfiguration().getConnectionConfigurations()) {
            String def = field.getDefaultValue() == null ? "" : String.valueOf(field.getDefaultValue());
            declared.put(field.getName(), (field.isRequired() ? "yes" : "no") + "|" + def);
        }
        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void theZipTableListsEveryFileTheZipAddsAndEveryBundleWithItsSymbolicName() throws IOException {
        String version = System.getProperty("apim.auth0.version", "1.0.0-SNAPSHOT");
        List<List<String>> rows = firstTableAfter(readme(), "## What the zip contains");
        String paths = rows.stream().map(r -> r.get(0)).collect(Collectors.joining(" "));
        for (String line : Files.readAllLines(Paths.get("src/main/zip/apim-auth0/installed-files.txt"))) {
            String entry = line.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String name = entry.replace("${project.version}", version);
            String file = name.substring(name.lastIndexOf('/') + 1);
            assertThat(paths).as("the zip table names " + name).contains(name.startsWith("apim-auth0/") ? file : name);
        }
        for (Map.Entry<String, String> bundle : ZipContentsIT.BUNDLES.entrySet()) {
            String path = "repository/components/dropins/" + bundle.getKey() + "-" + version + ".jar";
            assertThat(rows).as(path).anyMatch(r -> unquote(r.get(0)).equals(path) && r.get(1).contains("`" + bundle.getValue() + "`"));
        }
    }

    @Test
    void theParserReadsCellsAndSkipsTheHeaderAndRule() {
        String md = "intro\n## Troubleshooting\n\ntext\n\n| a | b |\n|---|---|\n| `x` | 1 \\| 2 |\n| y | |\n\nafter\n| z | z |\n";
        List<List<String>> rows = firstTableAfter(md, TROUBLESHOOTING);
        assertThat(rows).containsExactly(List.of("`x`", "1 \\| 2"), List.of("y", ""));
        assertThat(rows.stream().map(r -> unquote(r.get(0))).collect(Collectors.toList())).containsExactly("x", "y");
    }

    @Test
    void theReadmeNamesTheTwoCommands() throws IOException {
        String readme = readme();
        assertThat(readme).contains("`mvn -B verify`").contains("`./demo.sh`");
        Map<String, String> commands = firstTableAfter(readme, "# Auth0 for WSO2 API Manager 4.0.0").stream()
                .collect(Collectors.toMap(r -> r.get(0), r -> unquote(r.get(1)), (a, b) -> a, LinkedHashMap::new));
        assertThat(commands.values()).contains("mvn -B verify", "./demo.sh");
        assertThat(readme).contains("AUTH0_DOMAIN", "AUTH0_CLIENT_ID",
                "AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE");
    }
}
