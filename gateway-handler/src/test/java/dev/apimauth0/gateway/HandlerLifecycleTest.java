package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.synapse.SynapseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init/destroy as Synapse calls them: one shared guard per configuration, JMX registered while in use. */
class HandlerLifecycleTest {

    @TempDir
    Path dir;

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void noGuardLeftBehind() {
        assertThat(SharedGuards.liveGuards()).isZero();
    }

    @Test
    void handlersWithTheSameSettingsShareOneGuardAndItsJmxBeanUntilTheLastIsDestroyed() throws Exception {
        Path file = settingsFile("issuers = https://tenant.example.com/\naudiences = https://api.example.com\n"
                + "jwks_uri = http://127.0.0.1:9/.well-known/jwks.json\n");
        Auth0TokenGuardHandler first = new Auth0TokenGuardHandler();
        Auth0TokenGuardHandler second = new Auth0TokenGuardHandler();
        first.setConfigFile(file.toString());
        second.setConfigFile(file.toString());
        first.init(null);
        second.init(null);
        try {
            assertThat(first.core.guard()).isNotNull().isSameAs(second.core.guard());
            assertThat(SharedGuards.liveGuards()).isEqualTo(1);
            ObjectName name = registeredGuardBean();
            assertThat(mbeans.getAttribute(name, "Rejected")).isEqualTo(0L);

            first.destroy();
            assertThat(mbeans.isRegistered(name)).as("still used by the second handler").isTrue();
            second.destroy();
            assertThat(mbeans.isRegistered(name)).as("unregistered with the last handler").isFalse();
        } finally {
            first.destroy();
            second.destroy();
        }
    }

    @Test
    void aHandlerPropertyOverridingTheFileGivesAGuardOfItsOwn() throws Exception {
        Path file = settingsFile("issuers = https://tenant.example.com/\naudiences = https://api.example.com\n"
                + "jwks_uri = http://127.0.0.1:9/.well-known/jwks.json\n");
        Auth0TokenGuardHandler plain = new Auth0TokenGuardHandler();
        Auth0TokenGuardHandler strict = new Auth0TokenGuardHandler();
        plain.setConfigFile(file.toString());
        strict.setConfigFile(file.toString());
        strict.setAuth0OnlyPaths("/secure");
        plain.init(null);
        strict.init(null);
        try {
            assertThat(plain.core.guard()).isNotSameAs(strict.core.guard());
            assertThat(SharedGuards.liveGuards()).isEqualTo(2);
            assertThat(strict.core.guard().check(null, "/secure/x").outcome().name()).isEqualTo("REJECTED");
            assertThat(plain.core.guard().check(null, "/secure/x").outcome().name()).isEqualTo("PASS_THROUGH");
        } finally {
            plain.destroy();
            strict.destroy();
        }
    }

    @Test
    void anInvalidSettingFailsInitWithOneMessageNamingTheKey() throws Exception {
        Path file = settingsFile("issuers = https://tenant.example.com/\naudiences = https://api.example.com\n");
        Auth0TokenGuardHandler handler = new Auth0TokenGuardHandler();
        handler.setConfigFile(file.toString());
        handler.setClockLeewaySeconds("abc");
        assertThatThrownBy(() -> handler.init(null)).isInstanceOf(SynapseException.class)
                .hasMessageContaining("apim_auth0.gateway.clock_leeway_seconds: ")
                .hasMessageContaining("\"abc\"");
        assertThat(handler.core.guard()).isNull();
    }

    @Test
    void anExplicitConfigFileThatIsMissingFailsInit() {
        Auth0TokenGuardHandler handler = new Auth0TokenGuardHandler();
        handler.setConfigFile(dir.resolve("absent.properties").toString());
        assertThatThrownBy(() -> handler.init(null)).isInstanceOf(SynapseException.class)
                .hasMessageContaining("apim_auth0.gateway.config_file: ");
    }

    @Test
    void theGlobalHandlerRemembersAnInvalidConfigurationInsteadOfThrowingPerRequest() throws Exception {
        Auth0TokenGuardSynapseHandler handler = new Auth0TokenGuardSynapseHandler();
        handler.setConfigFile(settingsFile("issuers = https://tenant.example.com/\n").toString());
        assertThat(handler.guard()).isNull();
        assertThat(handler.configurationError()).startsWith("apim_auth0.gateway.audiences: ");
        handler.destroy();
    }

    private ObjectName registeredGuardBean() throws Exception {
        java.util.Set<ObjectName> names = mbeans.queryNames(new ObjectName("dev.apimauth0:type=TokenGuard,*"), null);
        assertThat(names).hasSize(1);
        return names.iterator().next();
    }

    private Path settingsFile(String content) throws IOException {
        Path file = Files.createTempFile(dir, "gw", ".properties");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
