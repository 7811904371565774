package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.apimauth0.core.config.InvalidSettingException;

class GatewaySettingsTest {

    @TempDir
    Path dir;

    @Test
    void handlerPropertiesOverrideTheFile() throws IOException {
        Path file = dir.resolve("gw.properties");
        Files.write(file, ("issuers = https://tenant.example/\naudiences = a,b\nclock_leeway_seconds = 30\n")
                .getBytes(StandardCharsets.UTF_8));
        GatewaySettings settings = new GatewaySettings();
        settings.setConfigFile(file.toString());
        settings.set("clock_leeway_seconds", " 5 ");
        Map<String, String> effective = settings.resolve();
        assertThat(effective).containsEntry("issuers", "https://tenant.example/")
                .containsEntry("audiences", "a,b")
                .containsEntry("clock_leeway_seconds", "5");
    }

    @Test
    void defaultFileIsUnderCarbonHome() throws IOException {
        Path conf = dir.resolve("repository/conf");
        Files.createDirectories(conf);
        Files.write(conf.resolve("apim-auth0-gateway.properties"), "realm = from-carbon-home\n".getBytes(StandardCharsets.UTF_8));
        String previous = System.getProperty("carbon.home");
        System.setProperty("carbon.home", dir.toString());
        try {
            assertThat(new GatewaySettings().resolve()).containsEntry("realm", "from-carbon-home");
        } finally {
            if (previous == null) {
                System.clearProperty("carbon.home");
            } else {
                System.setProperty("carbon.home", previous);
            }
        }
    }

    @Test
    void anExplicitFileThatDoesNotExistNamesConfigFile() {
        GatewaySettings settings = new GatewaySettings();
        settings.setConfigFile(dir.resolve("missing.properties").toString());
        assertThatThrownBy(settings::resolve).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.config_file: ");
    }

    @Test
    void prefixedFileKeysAreAccepted() throws IOException {
        Path file = dir.resolve("gw.properties");
        Files.write(file, "apim_auth0.gateway.realm = r\n".getBytes(StandardCharsets.UTF_8));
        GatewaySettings settings = new GatewaySettings();
        settings.setConfigFile(file.toString());
        assertThat(settings.resolve()).containsEntry("realm", "r").doesNotContainKey("apim_auth0.gateway.realm");
    }
}
