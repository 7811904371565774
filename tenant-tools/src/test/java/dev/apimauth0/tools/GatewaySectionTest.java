package dev.apimauth0.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wso2.config.mapper.ConfigParser;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor reads [apim_auth0.gateway] into exactly the settings the gateway gets at startup: APIM 4.0.0's config
 * mapper (org.wso2.config.mapper 1.0.18) rendering the shipped template, read back as the handlers read the file.
 */
class GatewaySectionTest {

    @TempDir
    Path home;

    private Map<String, String> rendered(String toml) throws Exception {
        Path resources = home.resolve("repository/resources/conf");
        Files.createDirectories(resources.resolve("templates/repository/conf"));
        Files.createDirectories(home.resolve("repository/conf"));
        for (String f : new String[] {"default.json", "infer.json", "key-mappings.json", "unit-resolve.json", "validator.json"}) {
            Files.writeString(resources.resolve(f), "{}");
        }
        Path template = Paths.get(System.getProperty("apim.auth0.gateway.template"));
        Files.copy(template, resources.resolve("templates/repository/conf/apim-auth0-gateway.properties.j2"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = home.resolve("repository/conf/deployment.toml");
        Files.writeString(file, toml);
        ConfigParser.parse(file.toString(), resources.toString(), home.toString());
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(home.resolve("repository/conf/apim-auth0-gateway.properties"),
                StandardCharsets.UTF_8)));
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }

    private void sameAsTheConfigMapper(String toml) throws Exception {
        Map<String, String> expected = rendered(toml);
        assertThat(expected).as("the config mapper rendered something").isNotEmpty();
        assertThat(GatewaySection.parse(toml).settings()).isEqualTo(expected);
    }

    @Test
    void arraysNumbersBooleansAndStringsReadAsTheTemplateRendersThem() throws Exception {
        sameAsTheConfigMapper("[server]\nhostname = \"localhost\"\n\n[apim_auth0.gateway]\n"
                + "issuers = [\"https://a.eu.auth0.com/\", \"https://login.example.com/\"]\n"
                + "audiences = [\"https://api.example.com/orders\"]\n"
                + "enabled = true\nclock_leeway_seconds = 45\nrealm = \"my realm: = #!\"\n"
                + "required_scopes = [\"/orders/admin=orders:admin orders:read\", \"/x=y\"]\n"
                + "jwks_uri = 'https://a.eu.auth0.com/.well-known/jwks.json'\n");
    }

    @Test
    void nestedProviderTablesBecomeDottedKeys() throws Exception {
        sameAsTheConfigMapper("[apim_auth0.gateway]\nissuers = [\"https://a/\"]\naudiences = [\"x\"]\n"
                + "providers = [\"partners\", \"b2b\"]\n\n"
                + "[apim_auth0.gateway.provider.partners]\nissuers = [\"https://p.eu.auth0.com/\"]\naudiences = [\"p\"]\n"
                + "jwks_cooldown_seconds = 60\n\n"
                + "[apim_auth0.gateway.provider.b2b]\nissuers = [\"https://b.eu.auth0.com\"]\naudiences = [\"b\", \"c\"]\n");
    }

    @Test
    void oddValuesStayOneEntryEach() throws Exception {
        sameAsTheConfigMapper("[apim_auth0.gateway]\nissuers = [\"https://a/\"]\naudiences = [\"x\\ny\"]\n"
                + "realm = \"back\\\\slash\"\nclock_leway_seconds = \"abc\"\nmax_token_bytes = 1.5\n");
    }

    @Test
    void anAbsentSectionAndABrokenFileAreTold() {
        assertThat(GatewaySection.parse("[server]\nhostname = \"x\"\n").present()).isFalse();
        GatewaySection broken = GatewaySection.parse("[apim_auth0.gateway]\nissuers = [\"a\"\n");
        assertThat(broken.errors()).isNotEmpty();
        assertThat(broken.errors().get(0)).contains("(line 3, column 1)");
    }
}
