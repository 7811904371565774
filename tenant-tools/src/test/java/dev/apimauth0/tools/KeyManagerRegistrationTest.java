package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** register-key-manager against the Auth0 tenant simulator and a stand-in of APIM 4.0.0's Admin REST API. */
class KeyManagerRegistrationTest {

    private static final String API = "https://orders.example.com/api";

    private Auth0TenantSimulator sim;
    private ApimAdminStub apim;
    private Setup.Result app;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        sim = Auth0TenantSimulator.start();
        app = TenantFixture.setUp(sim, API, "read:orders");
        apim = ApimAdminStub.start();
        env = new HashMap<>(Map.of("AUTH0_DOMAIN", sim.baseUrl(), "AUTH0_CLIENT_ID", app.clientId(),
                "AUTH0_CLIENT_SECRET", app.clientSecret(), "AUTH0_AUDIENCE", API,
                "APIM_URL", apim.url(), "APIM_ADMIN_USER", ApimAdminStub.USER, "APIM_ADMIN_PASSWORD", ApimAdminStub.PASSWORD));
    }

    @AfterEach
    void stop() {
        apim.close();
        sim.close();
    }

    private void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(app.clientSecret()).doesNotContain(ApimAdminStub.PASSWORD);
        for (String s : apim.issuedSecrets) {
            assertThat(text).doesNotContain(s);
        }
    }

    @Test
    void createsTheKeyManagerAsImportWouldFillItThenUpdatesTheSameOne() {
        TenantFixture.Run first = TenantFixture.main(env, "register-key-manager");
        assertThat(first.status).as(first.out + first.err).isEqualTo(Main.OK);
        assertThat(first.out).contains("\u2713 " + KeyManagerRegistration.KEY_MANAGER).contains("created \"Auth0\"");
        assertNoSecretIn(first.out + first.err);

        List<JsonNode> stored = apim.keyManagers();
        assertThat(stored).hasSize(1);
        JsonNode km = stored.get(0);
        assertThat(km.path("type").asText()).isEqualTo("Auth0");
        assertThat(km.path("issuer").asText()).isEqualTo(sim.issuer());
        assertThat(km.path("wellKnownEndpoint").asText()).isEqualTo(sim.wellKnownUri());
        assertThat(km.path("tokenEndpoint").asText()).isEqualTo(sim.tokenEndpoint());
        assertThat(km.path("introspectionEndpoint").asText()).isEqualTo(sim.tokenEndpoint());
        assertThat(km.path("revokeEndpoint").asText()).isEqualTo(sim.baseUrl() + "oauth/revoke");
        assertThat(km.path("certificates").path("type").asText()).isEqualTo("JWKS");
        assertThat(km.path("certificates").path("value").asText()).isEqualTo(sim.jwksUri());
        assertThat(km.path("consumerKeyClaim").asText()).isEqualTo(Auth0ConnectorConfiguration.CONSUMER_KEY_CLAIM);
        assertThat(km.path("scopesClaim").asText()).isEqualTo(Auth0ConnectorConfiguration.SCOPES_CLAIM);
        assertThat(km.path("availableGrantTypes").get(0).asText()).isEqualTo("client_credentials");
        JsonNode props = km.path("additionalProperties");
        assertThat(props.path(Auth0ConnectorConfiguration.CLIENT_ID).asText()).isEqualTo(app.clientId());
        assertThat(props.path(Auth0ConnectorConfiguration.CLIENT_SECRET).asText()).isEqualTo(app.clientSecret());
        assertThat(props.path(Auth0ConnectorConfiguration.AUDIENCE).asText()).isEqualTo(sim.managementAudience());
        assertThat(props.path(Auth0ConnectorConfiguration.API_AUDIENCE).asText()).isEqualTo(API);

        // an administrator's own additions survive a rerun; the values the tool manages are written again
        ((ObjectNode) km.path("additionalProperties")).put(Auth0ConnectorConfiguration.CONNECT_TIMEOUT_MS, "7000");
        ((ObjectNode) km).put("description", "edited in the Admin Portal");
        TenantFixture.Run second = TenantFixture.main(env, "register-key-manager", "--allowed-api-audiences", API);
        assertThat(second.status).as(second.out + second.err).isEqualTo(Main.OK);
        assertThat(second.out).contains("updated \"Auth0\" (id " + km.path("id").asText() + ")");
        assertNoSecretIn(second.out + second.err);
        assertThat(apim.keyManagers()).hasSize(1);
        JsonNode updated = apim.keyManagers().get(0);
        assertThat(updated.path("additionalProperties").path(Auth0ConnectorConfiguration.CONNECT_TIMEOUT_MS).asText()).isEqualTo("7000");
        assertThat(updated.path("additionalProperties").path(Auth0ConnectorConfiguration.ALLOWED_API_AUDIENCES).asText()).isEqualTo(API);
        assertThat(updated.path("issuer").asText()).isEqualTo(sim.issuer());
        assertThat(apim.validationErrors).isEmpty();
    }

    @Test
    void aWrongAdminPasswordFailsTheLoginAndWritesNothing() {
        env.put("APIM_ADMIN_PASSWORD", "wrong-password-5678");
        TenantFixture.Run run = TenantFixture.main(env, "register-key-manager", "--json");
        assertThat(run.status).isEqualTo(Main.FAILED);
        assertThat(run.out).contains("\"" + KeyManagerRegistration.LOGIN + "\"").contains("admin user name and password");
        assertThat(run.out).doesNotContain("wrong-password-5678");
        assertNoSecretIn(run.out + run.err);
        assertThat(apim.keyManagers()).isEmpty();
    }

    @Test
    void theConnectorFieldsWrittenAreTheConnectorConfigurationsOwn() {
        Auth0ConnectorConfiguration connector = new Auth0ConnectorConfiguration();
        List<ConfigurationDto> fields = connector.getConnectionConfigurations();
        Set<String> names = fields.stream().map(ConfigurationDto::getName).collect(Collectors.toSet());
        assertThat(names).contains(KeyManagerRegistration.CLIENT_ID, KeyManagerRegistration.CLIENT_SECRET,
                KeyManagerRegistration.AUDIENCE, KeyManagerRegistration.API_AUDIENCE, KeyManagerRegistration.ALLOWED_API_AUDIENCES);
        assertThat(fields.stream().filter(ConfigurationDto::isRequired).map(ConfigurationDto::getName))
                .containsExactlyInAnyOrderElementsOf(ApimAdminStub.REQUIRED_FIELDS);
        assertThat(KeyManagerRegistration.DEFAULT_TYPE).isEqualTo(Auth0ConnectorConfiguration.STOCK_TYPE);
        assertThat(connector.getDefaultConsumerKeyClaim()).isEqualTo("azp");
        assertThat(connector.getDefaultScopesClaim()).isEqualTo("scope");
    }
}
