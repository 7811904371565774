package dev.apimauth0.connector;

import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real 4.0.0 portals show of the connector's field definitions (GET /api/am/admin/v2/settings,
 * keyManagerConfiguration[].configurations, rendered from carbon-apimgt 9.0.174's portal sources): the Admin Portal
 * shows input fields empty without their defaults and sends only the keys filled in, and shows no tooltip for
 * options and select fields; the Developer Portal applies defaults and shows select values raw. So defaults, and the
 * help of radio and checkbox groups, must be in the labels.
 */
class PortalRenderingContractTest {

    private final Auth0ConnectorConfiguration connector = new Auth0ConnectorConfiguration(true);

    /** name, type, required, mask, default, values: as the portals receive them. */
    @Test
    void theRenderedContractOfTheConnectionFields() {
        assertThat(rows(connector.getConnectionConfigurations())).containsExactly(
                "client_id|input|required|plain|(none)|[]",
                "client_secret|input|required|masked|(none)|[]",
                "audience|input|required|plain|(none)|[]",
                "api_audience|input|optional|plain|(none)|[]",
                "allowed_api_audiences|input|optional|plain|(none)|[]",
                "connect_timeout_ms|input|optional|plain|5000|[]",
                "read_timeout_ms|input|optional|plain|10000|[]",
                "scope_sync|options|optional|plain|true|[true, false]");
        assertThat(rows(connector.getApplicationConfigurations())).containsExactly(
                "app_type|select|optional|plain|non_interactive|[non_interactive, regular_web, spa, native]",
                "token_endpoint_auth_method|select|required|plain|client_secret_post|[client_secret_post, client_secret_basic, none]",
                "audience_of_api|text|optional|plain|(none)|[]");
    }

    @Test
    void everyConnectionFieldWithADefaultSaysItInItsLabel() {
        for (ConfigurationDto field : connector.getConnectionConfigurations()) {
            String dflt = field.getDefaultValue();
            if (dflt != null && !dflt.isEmpty()) {
                assertThat(field.getLabel()).as(field.getName()).contains("default " + dflt);
            }
        }
        assertThat(label("connect_timeout_ms")).isEqualTo("Connect Timeout (ms, default 5000)");
        assertThat(label("read_timeout_ms")).isEqualTo("Read Timeout (ms, default 10000)");
        // an empty default means something too: say what
        assertThat(label("allowed_api_audiences")).contains("default empty = the Default API Audience only")
                .contains("* = any API but the Management API");
    }

    @Test
    void requiredFieldsHaveNoDefaultSinceTheAdminPortalWouldNotSaveWithoutThemAnyway() {
        // APIAdminImpl.validateKeyManagerConfiguration (9.0.174) adds a required field's default and still lists it
        // as missing: a default there would only mislead
        for (ConfigurationDto field : connector.getConnectionConfigurations()) {
            if (field.isRequired()) {
                assertThat(field.getDefaultValue()).as(field.getName()).isEmpty();
            }
        }
    }

    @Test
    void theAdminPortalsHiddenHelpOfOptionsAndSelectFieldsIsInTheirLabels() {
        Pattern permission = Pattern.compile("[a-z_]+:[a-z_]+");
        int groups = 0;
        for (ConfigurationDto field : connector.getConnectionConfigurations()) {
            if (!"options".equals(field.getType()) && !"select".equals(field.getType())) {
                continue;
            }
            groups++;
            // each choice, the default, and every Management API permission the tooltip names
            for (Object value : field.getValues()) {
                assertThat(field.getLabel()).as(field.getName()).contains(String.valueOf(value));
            }
            assertThat(field.getLabel()).as(field.getName()).contains("default " + field.getDefaultValue());
            Matcher m = permission.matcher(field.getTooltip());
            while (m.find()) {
                assertThat(field.getLabel()).as(field.getName()).contains(m.group());
            }
        }
        assertThat(groups).isEqualTo(1);
        assertThat(label("scope_sync")).contains("writes its scopes to the permissions of the Default API Audience");
    }

    @Test
    void theDeveloperPortalsRawValuesAreExplainedInTheLabels() {
        // the Developer Portal preselects the defaults and shows the values as they are (non_interactive)
        for (ConfigurationDto field : connector.getApplicationConfigurations()) {
            if ("select".equals(field.getType())) {
                assertThat(field.getLabel()).as(field.getName()).contains(field.getDefaultValue());
            }
        }
        assertThat(appLabel("app_type")).contains("non_interactive = Machine to Machine");
        assertThat(appLabel("audience_of_api")).contains("empty: the key manager's Default API Audience");
    }

    @Test
    void theReadmesAdminPortalSectionShowsEveryLabel() throws Exception {
        Path readme = Paths.get(System.getProperty("user.dir")).resolveSibling("README.md");
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
        int start = text.indexOf("## Set up the key manager in the Admin Portal");
        int end = text.indexOf("\n## ", start + 1);
        assertThat(start).as("README section").isPositive();
        String section = text.substring(start, end);
        for (ConfigurationDto field : connector.getConnectionConfigurations()) {
            String row = Arrays.stream(section.split("\n")).filter(l -> l.startsWith("| `" + field.getName() + "` |"))
                    .findFirst().orElse("");
            assertThat(row).as(field.getName()).contains("*" + field.getLabel() + "*");
        }
        int dev = text.indexOf("## Generate keys");
        String devSection = text.substring(dev, text.indexOf("\n## ", dev + 1));
        for (ConfigurationDto field : connector.getApplicationConfigurations()) {
            assertThat(devSection).as(field.getName()).contains("*" + field.getLabel() + "*");
        }
    }

    private String label(String name) {
        return find(connector.getConnectionConfigurations(), name).getLabel();
    }

    private String appLabel(String name) {
        return find(connector.getApplicationConfigurations(), name).getLabel();
    }

    private static ConfigurationDto find(List<ConfigurationDto> fields, String name) {
        return fields.stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow(AssertionError::new);
    }

    private static List<String> rows(List<ConfigurationDto> fields) {
        List<String> out = new ArrayList<>();
        for (ConfigurationDto f : fields) {
            assertThat(f.isMultiple()).as(f.getName() + " multiple").isFalse();
            out.add(f.getName() + "|" + f.getType() + "|" + (f.isRequired() ? "required" : "optional") + "|"
                    + (f.isMask() ? "masked" : "plain") + "|"
                    + (f.getDefaultValue() == null || f.getDefaultValue().isEmpty() ? "(none)" : f.getDefaultValue())
                    + "|" + Arrays.toString(f.getValues().toArray()));
        }
        return out;
    }
}
