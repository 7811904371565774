package dev.apimauth0.tools;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor against a real Auth0 tenant, when AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET name one (and
 * AUTH0_AUDIENCE an API of it, optionally); skipped otherwise. The tenant must answer discovery, JWKS and the
 * Management API token; the whole table is printed, so permission problems show with their fixes.
 */
class RealTenantDoctorTest {

    @Test
    void doctorRunsAgainstTheTenantTheEnvironmentNames() {
        Map<String, String> env = System.getenv();
        Assumptions.assumeTrue(set(env, "AUTH0_DOMAIN") && set(env, "AUTH0_CLIENT_ID") && set(env, "AUTH0_CLIENT_SECRET"),
                "AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not all set: doctor is not run against a real tenant");
        TenantFixture.Run run = TenantFixture.main(env, "doctor", "--json");
        TenantFixture.Run table = TenantFixture.main(env, "doctor");
        System.out.println(table.out + table.err);

        assertThat(run.status).as(run.err).isIn(Main.OK, Main.FAILED);
        assertThat(run.out + table.out).doesNotContain(env.get("AUTH0_CLIENT_SECRET"))
                .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        assertThat(table.out).contains("\u2713 " + Doctor.DISCOVERY).contains("\u2713 " + Doctor.JWKS)
                .contains("\u2713 " + Doctor.MANAGEMENT_TOKEN);
    }

    private static boolean set(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).trim().isEmpty();
    }
}
