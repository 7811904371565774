package dev.apimauth0.osgitests;

import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.km.Auth0KeyManagerConstants;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin/Developer Portal fields (admin-ui-ext) and the keys and defaults the key manager reads (km-connector)
 * live in two bundles: they must name and default the same things, or a saved key manager means something else.
 */
class ConnectorContractTest {

    private final Auth0ConnectorConfiguration connector = new Auth0ConnectorConfiguration();

    @Test
    void connectionFieldsAreTheKeysTheKeyManagerReads() {
        Map<String, ConfigurationDto> fields = byName(connector);
        assertThat(fields.keySet()).containsExactlyInAnyOrder(
                Auth0KeyManagerConstants.CLIENT_ID, Auth0KeyManagerConstants.CLIENT_SECRET,
                Auth0KeyManagerConstants.AUDIENCE, Auth0KeyManagerConstants.API_AUDIENCE,
                Auth0KeyManagerConstants.ALLOWED_API_AUDIENCES, Auth0KeyManagerConstants.CONNECT_TIMEOUT_MS, Auth0KeyManagerConstants.READ_TIMEOUT_MS,
                Auth0KeyManagerConstants.SCOPE_SYNC);
        assertThat(fields.get(Auth0KeyManagerConstants.CONNECT_TIMEOUT_MS).getDefaultValue())
                .isEqualTo(String.valueOf(Auth0KeyManagerConstants.DEFAULT_CONNECT_TIMEOUT_MS));
        assertThat(fields.get(Auth0KeyManagerConstants.READ_TIMEOUT_MS).getDefaultValue())
                .isEqualTo(String.valueOf(Auth0KeyManagerConstants.DEFAULT_READ_TIMEOUT_MS));
        assertThat(fields.get(Auth0KeyManagerConstants.ALLOWED_API_AUDIENCES).getDefaultValue())
                .isEqualTo(Auth0KeyManagerConstants.DEFAULT_ALLOWED_API_AUDIENCES);
        assertThat(fields.get(Auth0KeyManagerConstants.SCOPE_SYNC).getDefaultValue())
                .isEqualTo(String.valueOf(Auth0KeyManagerConstants.DEFAULT_SCOPE_SYNC));
    }

    @Test
    void applicationFieldsAreTheKeysTheKeyManagerReads() {
        Map<String, ConfigurationDto> fields = connector.getApplicationConfigurations().stream()
                .collect(Collectors.toMap(ConfigurationDto::getName, Function.identity()));
        assertThat(fields.keySet()).containsExactlyInAnyOrder(Auth0KeyManagerConstants.APP_TYPE,
                Auth0KeyManagerConstants.TOKEN_ENDPOINT_AUTH_METHOD, Auth0KeyManagerConstants.AUDIENCE_OF_API);
        assertThat(fields.get(Auth0KeyManagerConstants.APP_TYPE).getDefaultValue())
                .isEqualTo(Auth0KeyManagerConstants.DEFAULT_APP_TYPE);
        assertThat(fields.get(Auth0KeyManagerConstants.TOKEN_ENDPOINT_AUTH_METHOD).getDefaultValue())
                .isEqualTo(Auth0KeyManagerConstants.DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD);
    }

    @Test
    void typeAndImplementationMatch() {
        assertThat(connector.getType()).isEqualTo(Auth0KeyManagerConstants.DEFAULT_TYPE);
        assertThat(connector.getImplementation()).isEqualTo(dev.apimauth0.km.Auth0KeyManager.class.getName());
    }

    private static Map<String, ConfigurationDto> byName(Auth0ConnectorConfiguration connector) {
        return connector.getConnectionConfigurations().stream()
                .collect(Collectors.toMap(ConfigurationDto::getName, Function.identity()));
    }
}
