package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds what the simulator accepts, where the key manager relies on it, to Auth0's own OpenAPI document of the
 * Management API (shared/auth0/management-api-oas.json, beside the checkout; skipped when absent).
 */
class ManagementApiDefinitionTest {

    private static JsonNode oas() throws Exception {
        for (String candidate : List.of("../../shared/auth0/management-api-oas.json", "../shared/auth0/management-api-oas.json")) {
            Path p = Paths.get(candidate);
            if (Files.isRegularFile(p)) {
                return SimJwt.JSON.readTree(p.toFile());
            }
        }
        Assumptions.abort("Auth0's management-api-oas.json is not beside the checkout (shared/auth0/)");
        return null;
    }

    private static Set<String> queryParameters(JsonNode oas, String path) {
        Set<String> out = new HashSet<>();
        for (JsonNode p : oas.get("paths").get(path).get("get").get("parameters")) {
            out.add(p.get("name").asText());
        }
        return out;
    }

    @Test
    void theClientAndGrantQueriesTheKeyManagerSendsExistInAuth0sDefinition() throws Exception {
        JsonNode oas = oas();
        // Auth0Client.findClientIdsByName and findClientGrants
        assertThat(queryParameters(oas, "/clients")).contains("fields", "include_fields", "page", "per_page", "app_type")
                .doesNotContain("name");
        assertThat(queryParameters(oas, "/client-grants")).contains("client_id", "audience", "per_page", "page");
    }

    @Test
    void everyGrantTypeAuth0DocumentsIsOneTheSimulatorAccepts() throws Exception {
        String description = oas().get("components").get("schemas").get("CreateClientRequestContent")
                .get("properties").get("grant_types").get("description").asText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(description);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(Auth0TenantSimulator.acceptedGrantTypes()).as("POST /clients grant_types").contains(m.group(1));
        }
        assertThat(found).isGreaterThan(8);
    }
}
