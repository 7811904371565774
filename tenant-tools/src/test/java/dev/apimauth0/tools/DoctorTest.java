package dev.apimauth0.tools;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every doctor check passes on a tenant set up right and fails, with its fix, on one set up wrong. The tenant is
 * the Auth0 tenant simulator; each wrong tenant is made wrong the way an operator would, through the Management
 * API or the simulator's seeding (as a Dashboard edit).
 */
class DoctorTest {

    private static final String API = "https://orders.example.com/api";

    @TempDir
    Path dir;

    private Auth0TenantSimulator sim;

    @BeforeEach
    void start() {
        sim = Auth0TenantSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Path toml(String text) throws Exception {
        Path p = dir.resolve("deployment.toml");
        Files.writeString(p, text);
        return p;
    }

    private String gatewayToml(String issuer, String audience, String extra) {
        return "[server]\nhostname = \"localhost\"\n\n[apim_auth0.gateway]\nissuers = [\"" + issuer + "\"]\naudiences = [\""
                + audience + "\"]\n" + extra;
    }

    private Report doctor(Auth0TenantSimulator.Credentials c, String api, Path toml) {
        return Doctor.of(Tenant.of(sim.baseUrl()), c.clientId(), c.clientSecret(), api, toml).run();
    }

    private Auth0TenantSimulator.Credentials apimClient() throws Exception {
        Setup.Result r = TenantFixture.setUp(sim, API, "read:orders");
        return new Auth0TenantSimulator.Credentials(r.clientId(), r.clientSecret());
    }

    @Test
    void everyCheckPassesOnATenantSetUpRight() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Report report = doctor(c, API, toml(gatewayToml(sim.issuer(), API,
                "required_scopes = [\"/orders/admin=read:orders\"]\n")));

        assertThat(report.checks()).extracting(Check::name).containsExactly(
                Doctor.DISCOVERY, Doctor.JWKS, Doctor.MANAGEMENT_TOKEN, Doctor.PERMISSIONS, Doctor.LEAST_PRIVILEGE,
                Doctor.API, Doctor.API_SIGNING, Doctor.API_DIALECT, Doctor.CLIENT_GRANTS, Doctor.TOML,
                Doctor.GATEWAY_SETTINGS, Doctor.GATEWAY_ISSUERS, Doctor.GATEWAY_AUDIENCES, Doctor.GATEWAY_SCOPES,
                Doctor.GATEWAY_JWKS);
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(report.ok()).isTrue();
        assertThat(report.toText()).contains("\u2713 " + Doctor.DISCOVERY).doesNotContain("\u2717").contains("all 15 checks passed");
    }

    @Test
    void theCommandLineExitsZeroOnAGoodTenantAndOneOnABadOne() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Map<String, String> env = Map.of("AUTH0_DOMAIN", sim.baseUrl(), "AUTH0_CLIENT_ID", c.clientId(),
                "AUTH0_CLIENT_SECRET", c.clientSecret(), "AUTH0_AUDIENCE", API);
        TenantFixture.Run good = TenantFixture.main(env, "doctor");
        assertThat(good.status).as(good.out + good.err).isEqualTo(Main.OK);
        assertThat(good.out).contains("\u2713 " + Doctor.PERMISSIONS);

        TenantFixture.Run json = TenantFixture.main(env, "doctor", "--api", "https://nope.example.com", "--json");
        assertThat(json.status).isEqualTo(Main.FAILED);
        var tree = TenantFixture.JSON.readTree(json.out);
        assertThat(tree.get("ok").asBoolean()).isFalse();
        assertThat(tree.get("checks").findValuesAsText("name")).contains(Doctor.API);
        assertThat(tree.get("checks").get(5).get("fix").asText()).contains("Create API");

        for (String output : List.of(good.out, good.err, json.out, json.err)) {
            assertThat(output).doesNotContain(c.clientSecret()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        }

        TenantFixture.Run refused = TenantFixture.main(Map.of(), "doctor", "--client-secret=" + c.clientSecret());
        assertThat(refused.status).isEqualTo(Main.USAGE);
        assertThat(refused.err).contains("AUTH0_CLIENT_SECRET").doesNotContain(c.clientSecret());

        TenantFixture.Run usage = TenantFixture.main(Map.of(), "doctor", "--domain", sim.baseUrl());
        assertThat(usage.status).isEqualTo(Main.USAGE);
        assertThat(usage.err).contains("--client-id");
    }

    @Test
    void aMissingPermissionIsNamedWithWhereToGrantIt() throws Exception {
        List<String> scopes = new ArrayList<>(ConnectorPermissions.NEEDED);
        scopes.remove("read:client_keys");
        Report report = doctor(sim.createManagementApplication(scopes.toArray(new String[0])), null, null);

        Check permissions = report.check(Doctor.PERMISSIONS);
        assertThat(permissions.ok()).isFalse();
        assertThat(permissions.detail()).isEqualTo("missing: read:client_keys");
        assertThat(permissions.fix()).contains("Auth0 Management API > Machine to Machine Applications");
        assertThat(report.check(Doctor.LEAST_PRIVILEGE).ok()).isTrue();
        assertThat(report.ok()).isFalse();
    }

    @Test
    void excessPermissionsAreFlaggedAsARisk() throws Exception {
        List<String> scopes = new ArrayList<>(ConnectorPermissions.NEEDED);
        scopes.add("read:users");
        scopes.add("delete:users");
        Report report = doctor(sim.createManagementApplication(scopes.toArray(new String[0])), null, null);

        assertThat(report.check(Doctor.PERMISSIONS).ok()).isTrue();
        Check least = report.check(Doctor.LEAST_PRIVILEGE);
        assertThat(least.ok()).isFalse();
        assertThat(least.detail()).startsWith("risk: 2 permission(s)").contains("read:users, delete:users");
        assertThat(least.fix()).contains("untick them");
    }

    @Test
    void anHs256ApiFailsItsSigningCheck() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        String hs = "https://hs256.example.com/api";
        TenantFixture.createApi(sim, TenantFixture.apiExplorerToken(sim), Map.of("identifier", hs, "name", "hs",
                "signing_alg", "HS256"));
        Report report = doctor(c, hs, null);

        assertThat(report.check(Doctor.API).ok()).isTrue();
        Check signing = report.check(Doctor.API_SIGNING);
        assertThat(signing.ok()).isFalse();
        assertThat(signing.detail()).startsWith("HS256");
        assertThat(signing.fix()).contains("RS256");
    }

    @Test
    void anRfc9068DialectFailsTheDialectCheck() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        sim.setTokenDialect(API, "rfc9068_profile");
        Check dialect = doctor(c, API, null).check(Doctor.API_DIALECT);
        assertThat(dialect.ok()).isFalse();
        assertThat(dialect.fix()).contains("access_token");
    }

    @Test
    void anIssuerWithoutItsTrailingSlashFailsWithTheExactSpellingAndTheGuardsOwnMessage() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        String noSlash = sim.issuer().substring(0, sim.issuer().length() - 1);
        Report report = doctor(c, API, toml(gatewayToml(noSlash, API, "")));

        Check issuers = report.check(Doctor.GATEWAY_ISSUERS);
        assertThat(issuers.ok()).isFalse();
        assertThat(issuers.detail()).contains("\"" + noSlash + "\"").contains("compared exactly");
        assertThat(issuers.fix()).contains("issuers = [\"" + sim.issuer() + "\"]");
        // the guard allows plain http on loopback (the simulator) without the slash, so only the issuer check catches it
        assertThat(report.check(Doctor.GATEWAY_SETTINGS).ok()).isTrue();
        GuardSettings.load(Map.of("issuers", noSlash, "audiences", API));
    }

    @Test
    void anHttpsIssuerWithoutItsTrailingSlashGetsTheGuardsOwnMessage() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Report report = doctor(c, API, toml(gatewayToml(sim.issuer(), API, "providers = [\"partners\"]\n\n"
                + "[apim_auth0.gateway.provider.partners]\nissuers = [\"https://partners.eu.auth0.com\"]\n"
                + "audiences = [\"https://partners.example.com\"]\n")));

        Check settings = report.check(Doctor.GATEWAY_SETTINGS);
        assertThat(settings.ok()).isFalse();
        assertThatThrownBy(() -> GuardSettings.load(Map.of("issuers", sim.issuer(), "audiences", API,
                "providers", "partners", "provider.partners.issuers", "https://partners.eu.auth0.com",
                "provider.partners.audiences", "https://partners.example.com")))
                .hasMessage(settings.detail());
        assertThat(settings.detail()).startsWith("apim_auth0.gateway.provider.partners.issuers: ");
        assertThat(settings.fix()).contains("correct apim_auth0.gateway.provider.partners.issuers");
        // the tenant's own provider is still found and checked
        assertThat(report.check(Doctor.GATEWAY_ISSUERS).ok()).isTrue();
    }

    @Test
    void anAudienceThatIsNoApiOfTheTenantFails() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Report report = doctor(c, null, toml(gatewayToml(sim.issuer(), "https://unknown.example.com/api", "")));

        assertThat(report.check(Doctor.GATEWAY_SETTINGS).ok()).isTrue();
        Check audiences = report.check(Doctor.GATEWAY_AUDIENCES);
        assertThat(audiences.ok()).isFalse();
        assertThat(audiences.detail()).isEqualTo("not an API of the tenant: https://unknown.example.com/api");
        assertThat(audiences.fix()).contains("Identifier");
    }

    @Test
    void theManagementApiAsAnAudienceFails() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Check audiences = doctor(c, null, toml(gatewayToml(sim.issuer(), sim.managementAudience(), "")))
                .check(Doctor.GATEWAY_AUDIENCES);
        assertThat(audiences.ok()).isFalse();
        assertThat(audiences.detail()).contains("is the Management API");
    }

    @Test
    void anUnreachableJwksFailsWithWhereTheKeysComeFrom() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        sim.jwksDown(true);
        Report report = doctor(c, null, null);

        Check jwks = report.check(Doctor.JWKS);
        assertThat(jwks.ok()).isFalse();
        assertThat(jwks.detail()).startsWith("cannot fetch " + sim.jwksUri()).contains("503");
        assertThat(jwks.fix()).contains(sim.jwksUri());
        assertThat(report.check(Doctor.DISCOVERY).ok()).isTrue();
    }

    @Test
    void aJwksUriOfAnotherHostFails() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Check jwks = doctor(c, null, toml(gatewayToml(sim.issuer(), API,
                "jwks_uri = \"https://other.example.com/.well-known/jwks.json\"\n"))).check(Doctor.GATEWAY_JWKS);
        assertThat(jwks.ok()).isFalse();
        assertThat(jwks.detail()).contains("the tenant publishes its keys at " + sim.jwksUri());
        assertThat(jwks.fix()).contains("jwks_uri = \"" + sim.jwksUri() + "\"");
    }

    @Test
    void aRequiredScopeNoAudienceDefinesFails() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Check scopes = doctor(c, null, toml(gatewayToml(sim.issuer(), API,
                "required_scopes = [\"/orders/admin=orders:admin\"]\n"))).check(Doctor.GATEWAY_SCOPES);
        assertThat(scopes.ok()).isFalse();
        assertThat(scopes.detail()).startsWith("no audience API defines orders:admin");
    }

    @Test
    void aWrongSecretFailsTheTokenCheckAndSaysWhichFieldsToCopy() {
        Auth0TenantSimulator.Credentials c = sim.createManagementApplication();
        Report report = doctor(new Auth0TenantSimulator.Credentials(c.clientId(), "not-the-secret-0123456789"), null, null);
        Check token = report.check(Doctor.MANAGEMENT_TOKEN);
        assertThat(token.ok()).isFalse();
        assertThat(token.fix()).contains("client id or secret is wrong");
        assertThat(report.check(Doctor.PERMISSIONS).detail()).contains("not checked");
    }

    @Test
    void anApplicationNotAuthorizedForTheManagementApiIsToldHow() {
        Report report = doctor(sim.createM2MApplication("no grant"), null, null);
        Check token = report.check(Doctor.MANAGEMENT_TOKEN);
        assertThat(token.ok()).isFalse();
        assertThat(token.fix()).contains("authorize the application for the Auth0 Management API");
    }

    @Test
    void aTomlSyntaxErrorAndAMissingSectionAreReported() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Check broken = doctor(c, null, toml("[apim_auth0.gateway]\nissuers = [\"a\"\n")).check(Doctor.TOML);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.detail()).startsWith("not valid TOML");

        Check missing = doctor(c, null, toml("[server]\nhostname = \"x\"\n")).check(Doctor.TOML);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.fix()).contains("deployment-snippet.toml");
    }

    @Test
    void aMisspelledKeyGetsTheGuardsMessage() throws Exception {
        Auth0TenantSimulator.Credentials c = apimClient();
        Check settings = doctor(c, null, toml(gatewayToml(sim.issuer(), API, "clock_leway_seconds = 10\n")))
                .check(Doctor.GATEWAY_SETTINGS);
        assertThat(settings.ok()).isFalse();
        assertThat(settings.detail()).isEqualTo(
                "apim_auth0.gateway.clock_leway_seconds: is not a known setting (did you mean clock_leeway_seconds?), got \"10\"");
    }
}
