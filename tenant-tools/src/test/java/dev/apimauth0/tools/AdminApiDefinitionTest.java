package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key manager register-key-manager sends conforms to APIM 4.0.0's own Admin REST API definition (carbon-apimgt
 * 9.0.174's admin-api.yaml, read from ../shared/apim/), checked with a real OpenAPI validator
 * (swagger-request-validator) and parser (swagger-parser). Skipped, with a message, when the file is absent.
 */
class AdminApiDefinitionTest {

    private static final String API = "https://orders.example.com/api";

    private Auth0TenantSimulator sim;
    private ApimAdminStub apim;

    @BeforeEach
    void start() throws Exception {
        Path definition = ApimAdminStub.adminApiDefinition();
        Assumptions.assumeTrue(definition != null, "APIM's admin-api.yaml is not in ../shared/apim/: the requests "
                + "are not validated against the definition (see shared/apim/README.md)");
        sim = Auth0TenantSimulator.start();
        apim = ApimAdminStub.start();
    }

    @AfterEach
    void stop() {
        if (apim != null) {
            apim.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private ObjectNode body() throws Exception {
        Setup.Result app = TenantFixture.setUp(sim, API, "read:orders");
        TenantFixture.Run run = TenantFixture.main(Map.of("AUTH0_DOMAIN", sim.baseUrl(), "AUTH0_CLIENT_ID", app.clientId(),
                "AUTH0_CLIENT_SECRET", app.clientSecret(), "APIM_URL", apim.url(), "APIM_ADMIN_USER", ApimAdminStub.USER,
                "APIM_ADMIN_PASSWORD", ApimAdminStub.PASSWORD), "register-key-manager");
        assertThat(run.status).as(run.out + run.err).isEqualTo(Main.OK);
        TenantFixture.main(Map.of("AUTH0_DOMAIN", sim.baseUrl(), "AUTH0_CLIENT_ID", app.clientId(),
                "AUTH0_CLIENT_SECRET", app.clientSecret(), "APIM_URL", apim.url(), "APIM_ADMIN_USER", ApimAdminStub.USER,
                "APIM_ADMIN_PASSWORD", ApimAdminStub.PASSWORD), "register-key-manager");
        ObjectNode stored = (ObjectNode) apim.keyManagers().get(0).deepCopy();
        stored.remove("id");
        return stored;
    }

    @Test
    void theCreateAndTheUpdatePassTheValidatorAndTheValidatorRefusesWhatBreaksTheDefinition() throws Exception {
        assertThat(apim.validating()).isTrue();
        ObjectNode sent = body();
        assertThat(apim.validationErrors).as("POST and PUT /key-managers as sent").isEmpty();

        // the same validator is not vacuous: each of these breaks the KeyManager schema
        ObjectNode noType = sent.deepCopy();
        noType.remove("type");
        assertThat(apim.validate("POST", "/api/am/admin/v2/key-managers", noType.toString())).isNotEmpty();
        ObjectNode badCertificate = sent.deepCopy();
        ((ObjectNode) badCertificate.get("certificates")).put("type", "X509");
        assertThat(apim.validate("POST", "/api/am/admin/v2/key-managers", badCertificate.toString())).isNotEmpty();
        ObjectNode badFlag = sent.deepCopy();
        badFlag.put("enableTokenGeneration", "yes");
        assertThat(apim.validate("PUT", "/api/am/admin/v2/key-managers/x", badFlag.toString())).isNotEmpty();
        ObjectNode unknown = sent.deepCopy();
        unknown.put("introspectionUrl", "https://x/");
        assertThat(apim.validate("POST", "/api/am/admin/v2/key-managers", unknown.toString())).isNotEmpty();
        ObjectNode longName = sent.deepCopy();
        longName.put("name", "n".repeat(101));
        assertThat(apim.validate("POST", "/api/am/admin/v2/key-managers", longName.toString())).isNotEmpty();
    }

    @Test
    void everyFieldSentIsAPropertyOfTheKeyManagerSchema() throws Exception {
        OpenAPI spec = new OpenAPIV3Parser().read(ApimAdminStub.adminApiDefinition().toString());
        Schema<?> keyManager = spec.getComponents().getSchemas().get("KeyManager");
        ObjectNode sent = body();
        List<String> unknown = new ArrayList<>();
        sent.fieldNames().forEachRemaining(f -> {
            if (!keyManager.getProperties().containsKey(f)) {
                unknown.add(f);
            }
        });
        assertThat(unknown).isEmpty();
        JsonNode certificates = sent.get("certificates");
        assertThat(certificates.fieldNames()).toIterable()
                .allMatch(f -> keyManager.getProperties().get("certificates").getProperties().containsKey(f));
        assertThat(keyManager.getProperties().get("id").getReadOnly()).isTrue();
        assertThat(sent.has("id")).isFalse();
    }
}
