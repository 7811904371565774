package dev.apimauth0.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorSettingsTest {

    @TempDir
    Path carbonHome;

    private final Map<String, String> properties = new HashMap<>();

    private ConnectorSettings load() {
        return ConnectorSettings.load(properties::get);
    }

    private void writeFile(String content) throws IOException {
        Path conf = carbonHome.resolve("repository/conf");
        Files.createDirectories(conf);
        Files.write(conf.resolve("apim-auth0-connector.properties"), content.getBytes(StandardCharsets.ISO_8859_1));
        properties.put("carbon.home", carbonHome.toString());
    }

    @Test
    void takesOverByDefault() {
        assertThat(load().takeoverStockType()).isTrue();
        properties.put("carbon.home", carbonHome.toString()); // no file there
        assertThat(load().takeoverStockType()).isTrue();
        assertThat(load().source()).isEqualTo("default");
    }

    @Test
    void fileSwitchesTakeoverOff() throws IOException {
        writeFile("# rendered from deployment.toml\ntakeover_stock_type = false\n");
        ConnectorSettings settings = load();
        assertThat(settings.takeoverStockType()).isFalse();
        assertThat(settings.source()).endsWith("apim-auth0-connector.properties");
    }

    @Test
    void fileWithoutTheKeyKeepsTheDefault() throws IOException {
        writeFile("other = x\n");
        assertThat(load().takeoverStockType()).isTrue();
    }

    @Test
    void systemPropertyOverridesTheFile() throws IOException {
        writeFile("takeover_stock_type=false\n");
        properties.put("apim_auth0.connector.takeover_stock_type", " TRUE ");
        ConnectorSettings settings = load();
        assertThat(settings.takeoverStockType()).isTrue();
        assertThat(settings.source()).isEqualTo("system property apim_auth0.connector.takeover_stock_type");

        properties.put("apim_auth0.connector.takeover_stock_type", "false");
        writeFile("takeover_stock_type=true\n");
        assertThat(load().takeoverStockType()).isFalse();
    }

    @Test
    void invalidValuesAreIgnoredAndTheEarlierValueStays() throws IOException {
        writeFile("takeover_stock_type=false\n");
        properties.put("apim_auth0.connector.takeover_stock_type", "yes please");
        assertThat(load().takeoverStockType()).isFalse();

        writeFile("takeover_stock_type=maybe\n");
        properties.remove("apim_auth0.connector.takeover_stock_type");
        assertThat(load().takeoverStockType()).isTrue();
    }

    @Test
    void parsesOnlyTrueAndFalse() {
        assertThat(ConnectorSettings.parseBoolean("t", "true")).isTrue();
        assertThat(ConnectorSettings.parseBoolean("t", " False")).isFalse();
        assertThat(ConnectorSettings.parseBoolean("t", "1")).isNull();
        assertThat(ConnectorSettings.parseBoolean("t", "")).isNull();
    }
}
