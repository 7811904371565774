package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** setup against the Auth0 tenant simulator: what it creates, that a rerun creates nothing, what it refuses. */
class SetupTest {

    private static final String API = "https://orders.example.com/api";

    @TempDir
    Path dir;

    private Auth0TenantSimulator sim;
    private String explorerToken;

    @BeforeEach
    void start() throws Exception {
        sim = Auth0TenantSimulator.start();
        explorerToken = TenantFixture.apiExplorerToken(sim);
        sim.resetCounters();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Setup.Result setup(String token, Path secretFile, String... scopes) {
        return Setup.of(Tenant.of(sim.baseUrl()), token, API, "Orders", List.of(scopes), null, secretFile).run();
    }

    private List<JsonNode> clientsNamed(String name) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : sim.clients()) {
            if (name.equals(c.path("name").asText())) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void twiceOnAnEmptyTenantCreatesEachObjectOnce() {
        Setup.Result first = setup(explorerToken, null, "read:orders", "write:orders");
        assertThat(first.report().ok()).as(first.report().toText()).isTrue();
        assertThat(first.report().check(Setup.API).detail()).startsWith("created " + API);
        assertThat(first.report().check(Setup.APPLICATION).detail()).startsWith("created");
        assertThat(first.report().check(Setup.GRANT).detail()).startsWith("created");

        Setup.Result second = setup(explorerToken, null, "read:orders", "write:orders");
        assertThat(second.report().ok()).as(second.report().toText()).isTrue();
        assertThat(second.report().check(Setup.API).detail()).startsWith("found " + API);
        assertThat(second.report().check(Setup.APPLICATION).detail()).startsWith("found");
        assertThat(second.report().check(Setup.GRANT).detail()).startsWith("found, with exactly");
        assertThat(second.clientId()).isEqualTo(first.clientId());

        assertThat(sim.requests("POST", "/api/v2/resource-servers")).isEqualTo(1);
        assertThat(sim.requests("POST", "/api/v2/clients")).isEqualTo(1);
        assertThat(sim.requests("POST", "/api/v2/client-grants")).isEqualTo(1);
        assertThat(sim.requests("PATCH", "/api/v2/")).isZero();

        JsonNode api = sim.resourceServer(API).orElseThrow();
        assertThat(api.path("signing_alg").asText()).isEqualTo("RS256");
        assertThat(api.path("token_dialect").asText()).isEqualTo("access_token");
        assertThat(sim.resourceServerScopes(API)).containsExactly("read:orders", "write:orders");
        List<JsonNode> apps = clientsNamed(Setup.DEFAULT_APP_NAME);
        assertThat(apps).hasSize(1);
        assertThat(apps.get(0).path("app_type").asText()).isEqualTo("non_interactive");
        assertThat(sim.grantsOf(first.clientId())).hasSize(1);
        assertThat(sim.grantedScopes(first.clientId(), sim.managementAudience()).orElseThrow())
                .containsExactlyInAnyOrderElementsOf(ConnectorPermissions.NEEDED);
    }

    @Test
    void whatSetupMadePassesTheDoctorAndItsPasteBlocksAreWhatTheDoctorChecks() throws Exception {
        Setup.Result result = setup(explorerToken, null, "read:orders");
        String toml = result.report().blocks().get("deployment.toml (every node)");
        assertThat(toml).contains("issuers = [\"" + sim.issuer() + "\"]").contains("audiences = [\"" + API + "\"]");
        Path file = dir.resolve("deployment.toml");
        Files.writeString(file, toml);
        Report doctor = Doctor.of(Tenant.of(sim.baseUrl()), result.clientId(), result.clientSecret(), API, file).run();
        assertThat(doctor.ok()).as(doctor.toText()).isTrue();

        String portal = result.report().blocks().get("Admin Portal > Key Managers > Add Key Manager");
        assertThat(portal).contains(sim.wellKnownUri()).contains(result.clientId()).contains(sim.managementAudience())
                .doesNotContain(result.clientSecret());
    }

    @Test
    void aRerunAddsMissingScopesAndSetsAWidenedGrantBackToExactlyTheConnectorsPermissions() {
        Setup.Result first = setup(explorerToken, null, "read:orders");
        sim.grant(first.clientId(), sim.managementAudience(), "read:clients", "read:users", "delete:users");

        Setup.Result second = setup(explorerToken, null, "read:orders", "write:orders");
        assertThat(second.report().ok()).isTrue();
        assertThat(second.report().check(Setup.API).detail()).contains("added scopes: write:orders");
        assertThat(second.report().check(Setup.GRANT).detail()).contains("removed: read:users delete:users");
        assertThat(sim.grantedScopes(first.clientId(), sim.managementAudience()).orElseThrow())
                .containsExactlyInAnyOrderElementsOf(ConnectorPermissions.NEEDED);
        assertThat(sim.resourceServerScopes(API)).containsExactly("read:orders", "write:orders");
        assertThat(sim.requests("POST", "/api/v2/")).isEqualTo(3);
    }

    @Test
    void aTokenWithoutThePermissionsSetupNeedsChangesNothing() throws Exception {
        Auth0TenantSimulator.Credentials weak = sim.createManagementApplication("read:clients", "read:resource_servers");
        String token = TenantFixture.token(sim, weak, sim.managementAudience());
        sim.resetCounters();
        Setup.Result result = setup(token, null, "read:orders");

        Check check = result.report().check(Setup.TOKEN);
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).startsWith("nothing was changed").contains("create:resource_servers");
        assertThat(sim.managementRequests()).isZero();
        assertThat(sim.resourceServer(API)).isEmpty();

        Setup.Result garbage = setup("not-a-token", null);
        assertThat(garbage.report().check(Setup.TOKEN).ok()).isFalse();
    }

    @Test
    void anExistingHs256ApiIsReportedAndLeftAlone() throws Exception {
        TenantFixture.createApi(sim, explorerToken, Map.of("identifier", API, "signing_alg", "HS256"));
        sim.resetCounters();
        Setup.Result result = setup(explorerToken, null, "read:orders");
        Check api = result.report().check(Setup.API);
        assertThat(api.ok()).isFalse();
        assertThat(api.detail()).contains("HS256");
        assertThat(sim.requests("POST", "/api/v2/")).isZero();
        assertThat(sim.requests("PATCH", "/api/v2/")).isZero();
    }

    @Test
    void twoApplicationsOfTheNameAreNotGuessedBetween() {
        sim.createM2MApplication(Setup.DEFAULT_APP_NAME);
        sim.createM2MApplication(Setup.DEFAULT_APP_NAME);
        Setup.Result result = setup(explorerToken, null, "read:orders");
        assertThat(result.report().check(Setup.APPLICATION).ok()).isFalse();
        assertThat(result.report().check(Setup.APPLICATION).fix()).contains("--app-name");
        assertThat(clientsNamed(Setup.DEFAULT_APP_NAME)).hasSize(2);
    }

    @Test
    void theSecretGoesOnlyIntoTheOwnerOnlyFile() throws Exception {
        Path secret = dir.resolve("apim-client-secret");
        TenantFixture.Run run = TenantFixture.main(Map.of("AUTH0_MANAGEMENT_TOKEN", explorerToken), "setup",
                "--domain", sim.baseUrl(), "--api", API, "--scope", "read:orders", "--secret-file", secret.toString());
        assertThat(run.status).as(run.out + run.err).isEqualTo(Main.OK);

        String clientSecret = clientsNamed(Setup.DEFAULT_APP_NAME).get(0).path("client_secret").asText();
        assertThat(Files.readString(secret)).isEqualTo(clientSecret);
        assertThat(Files.getPosixFilePermissions(secret))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(run.out).contains("written to " + secret).doesNotContain(clientSecret).doesNotContain(explorerToken);

        TenantFixture.Run refused = TenantFixture.main(Map.of(), "setup", "--management-token", explorerToken);
        assertThat(refused.status).isEqualTo(Main.USAGE);
        assertThat(refused.err).contains("not taken on the command line").doesNotContain(explorerToken);
    }
}
