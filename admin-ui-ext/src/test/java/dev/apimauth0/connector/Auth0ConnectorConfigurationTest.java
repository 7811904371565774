package dev.apimauth0.connector;

import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class Auth0ConnectorConfigurationTest {

    private final Auth0ConnectorConfiguration takeover = new Auth0ConnectorConfiguration(true);
    private final Auth0ConnectorConfiguration sideBySide = new Auth0ConnectorConfiguration(false);

    @Test
    void registersAsTheStockTypeWhenTakingOver() {
        assertThat(takeover.getType()).isEqualTo("Auth0");
        assertThat(takeover.getDisplayName()).isEqualTo("Auth0");
        assertThat(new Auth0ConnectorConfiguration().getType()).isEqualTo("Auth0");
    }

    @Test
    void registersAsItsOwnTypeWhenTakeoverIsOff() {
        assertThat(sideBySide.getType()).isEqualTo("apim-auth0");
        assertThat(sideBySide.getDisplayName()).isEqualTo("Auth0 (apim-auth0)");
    }

    @Test
    void namesTheKeyManagerImplementationAndTheDefaultClaims() {
        assertThat(takeover.getImplementation()).isEqualTo("dev.apimauth0.km.Auth0KeyManager");
        assertThat(takeover.getJWTValidator()).isEqualTo("dev.apimauth0.validator.Auth0JwtValidator");
        assertThat(sideBySide.getJWTValidator()).isEqualTo(takeover.getJWTValidator());
        assertThat(takeover.getDefaultConsumerKeyClaim()).isEqualTo("azp");
        assertThat(takeover.getDefaultScopesClaim()).isEqualTo("scope");
        assertThat(takeover.getEndpointConfigurations()).isEmpty();
    }

    @Test
    void connectionFieldsKeepTheStockNamesAndAddDefaultedOnes() {
        List<ConfigurationDto> fields = takeover.getConnectionConfigurations();
        assertThat(fields).extracting(ConfigurationDto::getName).containsExactly(
                "client_id", "client_secret", "audience", "api_audience", "allowed_api_audiences", "connect_timeout_ms", "read_timeout_ms",
                "scope_sync");
        Map<String, ConfigurationDto> byName = byName(fields);

        assertField(byName.get("client_id"), "input", true, false, "");
        assertField(byName.get("client_secret"), "input", true, true, "");
        assertField(byName.get("audience"), "input", true, false, "");
        assertField(byName.get("api_audience"), "input", false, false, "");
        assertField(byName.get("allowed_api_audiences"), "input", false, false, "");
        assertField(byName.get("connect_timeout_ms"), "input", false, false, "5000");
        assertField(byName.get("read_timeout_ms"), "input", false, false, "10000");
        assertField(byName.get("scope_sync"), "options", false, false, "true");
        assertThat(byName.get("scope_sync").getValues()).containsExactly("true", "false");

        // only the secret is masked (encrypted at rest, hidden in the portal)
        assertThat(fields).filteredOn(ConfigurationDto::isMask).extracting(ConfigurationDto::getName)
                .containsExactly("client_secret");
    }

    @Test
    void applicationFieldsKeepTheStockNamesWithMachineToMachineDefaults() {
        List<ConfigurationDto> fields = takeover.getApplicationConfigurations();
        assertThat(fields).extracting(ConfigurationDto::getName)
                .containsExactly("app_type", "token_endpoint_auth_method", "audience_of_api");
        Map<String, ConfigurationDto> byName = byName(fields);

        assertField(byName.get("app_type"), "select", false, false, "non_interactive");
        assertThat(byName.get("app_type").getValues())
                .containsExactly("non_interactive", "regular_web", "spa", "native");
        assertThat(byName.get("app_type").isMultiple()).isFalse();

        assertField(byName.get("token_endpoint_auth_method"), "select", true, false, "client_secret_post");
        assertThat(byName.get("token_endpoint_auth_method").getValues())
                .containsExactly("client_secret_post", "client_secret_basic", "none");
        assertThat(byName.get("token_endpoint_auth_method").isMultiple()).isFalse();

        assertField(byName.get("audience_of_api"), "text", false, false, "");
    }

    @Test
    void everyFieldHasALabelAndATooltipThatPointsIntoTheAuth0Dashboard() {
        for (List<ConfigurationDto> fields : java.util.Arrays.asList(takeover.getConnectionConfigurations(),
                takeover.getApplicationConfigurations(), sideBySide.getConnectionConfigurations())) {
            for (ConfigurationDto field : fields) {
                assertThat(field.getLabel()).as(field.getName()).isNotBlank();
                assertThat(field.getTooltip()).as(field.getName()).isNotBlank().contains("Auth0 Dashboard");
            }
        }
    }

    @Test
    void defaultsOfSelectsAreAmongTheirValues() {
        for (ConfigurationDto field : takeover.getApplicationConfigurations()) {
            if (!field.getValues().isEmpty()) {
                assertThat(field.getValues()).as(field.getName()).contains(field.getDefaultValue());
            }
        }
        for (ConfigurationDto field : takeover.getConnectionConfigurations()) {
            if (!field.getValues().isEmpty()) {
                assertThat(field.getValues()).as(field.getName()).contains(field.getDefaultValue());
            }
        }
    }

    @Test
    void fieldListsAreFreshCopies() {
        takeover.getConnectionConfigurations().clear();
        assertThat(takeover.getConnectionConfigurations()).hasSize(8);
    }

    private static Map<String, ConfigurationDto> byName(List<ConfigurationDto> fields) {
        return fields.stream().collect(Collectors.toMap(ConfigurationDto::getName, Function.identity()));
    }

    private static void assertField(ConfigurationDto field, String type, boolean required, boolean mask,
                                    String defaultValue) {
        assertThat(field.getType()).as(field.getName() + " type").isEqualTo(type);
        assertThat(field.isRequired()).as(field.getName() + " required").isEqualTo(required);
        assertThat(field.isMask()).as(field.getName() + " mask").isEqualTo(mask);
        assertThat(field.getDefaultValue()).as(field.getName() + " default").isEqualTo(defaultValue);
    }
}
