package dev.apimauth0.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.apimauth0.distribution.ConfigMapperRuns;

/**
 * deployment.toml [apim_auth0.connector] -> APIM's config mapper -> our template -> the rendered file -> the
 * connector's own settings reader, which decides the key manager type ("Auth0" or "apim-auth0").
 * In this package because the reader is package-private in the connector configuration bundle.
 */
class ConnectorSettingsRenderingIT {

    @TempDir
    Path tmp;

    private ConnectorSettings renderAndLoad(String toml, Map<String, String> systemProperties) throws Exception {
        Path home = ConfigMapperRuns.render(tmp.resolve("home"), toml);
        Map<String, String> props = new HashMap<>(systemProperties);
        props.put("carbon.home", home.toString());
        return ConnectorSettings.load(props::get);
    }

    @Test
    void takeoverIsOnWhenTheOperatorSetsNothing() throws Exception {
        ConnectorSettings settings = renderAndLoad("[server]\nhostname = \"localhost\"\n", Map.of());
        assertThat(settings.takeoverStockType()).isTrue();
        assertThat(new Auth0ConnectorConfiguration(settings.takeoverStockType()).getType()).isEqualTo("Auth0");
    }

    @Test
    void takeoverOffFromDeploymentTomlGivesTheOwnType() throws Exception {
        ConnectorSettings settings = renderAndLoad("[apim_auth0.connector]\ntakeover_stock_type = false\n", Map.of());
        assertThat(settings.takeoverStockType()).isFalse();
        assertThat(settings.source()).endsWith("apim-auth0-connector.properties");
        Auth0ConnectorConfiguration connector = new Auth0ConnectorConfiguration(settings.takeoverStockType());
        assertThat(connector.getType()).isEqualTo("apim-auth0");
        assertThat(connector.getDisplayName()).isEqualTo("Auth0 (apim-auth0)");
    }

    @Test
    void theSystemPropertyOverridesTheRenderedFile() throws Exception {
        ConnectorSettings settings = renderAndLoad("[apim_auth0.connector]\ntakeover_stock_type = false\n",
                Map.of("apim_auth0.connector.takeover_stock_type", "true"));
        assertThat(settings.takeoverStockType()).isTrue();
    }
}
