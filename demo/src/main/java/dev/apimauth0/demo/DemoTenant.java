package dev.apimauth0.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import dev.apimauth0.tools.Check;
import dev.apimauth0.tools.Setup;
import dev.apimauth0.tools.Tenant;

/**
 * The Auth0 side of the demo: the Auth0 tenant simulator (offline, the default) or a real tenant named by
 * AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET and AUTH0_AUDIENCE.
 */
abstract class DemoTenant implements AutoCloseable {

    static final String SIMULATED_API = "https://orders.example.com/api";
    static final String SIMULATED_SCOPE = "read:orders";

    /** One line saying what stands in for Auth0. */
    abstract String description();

    /** https://TENANT/ (with Auth0's trailing slash). */
    abstract String issuer();

    final String managementAudience() {
        return issuer() + "api/v2/";
    }

    final String tokenEndpoint() {
        return issuer() + "oauth/token";
    }

    final String jwksUri() {
        return issuer() + ".well-known/jwks.json";
    }

    final String wellKnownUri() {
        return issuer() + ".well-known/openid-configuration";
    }

    /** The machine-to-machine application authorized for the Management API (what the Admin Portal is given). */
    abstract String managementClientId();

    abstract String managementClientSecret();

    /** The identifier of the Auth0 API the demo's application is granted and the gateway accepts. */
    abstract String apiAudience();

    /**
     * A token for the API that the tenant signed but whose lifetime is over, when this tenant can make one (only
     * the simulator holds its signing key; a real tenant never issues tokens in the past).
     */
    abstract Optional<String> expiredToken(String clientId);

    /** Extra checks only an offline tenant can stage (a JWKS outage); null when none. */
    Auth0TenantSimulator simulator() {
        return null;
    }

    @Override
    public void close() {
    }

    /** The real tenant when all four variables are set; empty when none is; an error naming what is missing otherwise. */
    static Optional<DemoTenant> fromEnvironment(Map<String, String> env) {
        String[] names = {"AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE"};
        int set = 0;
        StringBuilder missing = new StringBuilder();
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                set++;
            } else {
                missing.append(missing.length() == 0 ? "" : ", ").append(name);
            }
        }
        if (set == 0) {
            return Optional.empty();
        }
        if (set < names.length) {
            throw new IllegalArgumentException("a real Auth0 tenant needs all of AUTH0_DOMAIN, AUTH0_CLIENT_ID, "
                    + "AUTH0_CLIENT_SECRET and AUTH0_AUDIENCE; missing: " + missing);
        }
        return Optional.of(new Real(env.get("AUTH0_DOMAIN").trim(), env.get("AUTH0_CLIENT_ID").trim(),
                env.get("AUTH0_CLIENT_SECRET").trim(), env.get("AUTH0_AUDIENCE").trim()));
    }

    /** What the Auth0 step did, one line per step (the tenant tools' setup on the simulator); empty for a real tenant. */
    List<String> setupSteps() {
        return List.of();
    }

    /**
     * A fresh, empty simulated tenant set up as an operator would: the tenant tools' {@code setup}, with the token
     * the Dashboard's API Explorer hands out, creates the API, APIM's machine-to-machine application and its
     * Management API grant with exactly the connector's permissions.
     */
    static DemoTenant simulated() {
        return new Simulated(Auth0TenantSimulator.start());
    }

    static final class Simulated extends DemoTenant {
        private final Auth0TenantSimulator sim;
        private final Auth0TenantSimulator.Credentials management;
        private final List<String> steps = new ArrayList<>();

        Simulated(Auth0TenantSimulator sim) {
            this.sim = sim;
            Setup.Result setup = Setup.of(Tenant.of(sim.baseUrl()), apiExplorerToken(sim), SIMULATED_API, "Orders",
                    List.of(SIMULATED_SCOPE), null, null).run();
            if (!setup.report().ok()) {
                sim.close();
                throw new IllegalStateException("setup of the simulated tenant failed:\n" + setup.report().toText());
            }
            for (Check step : setup.report().checks()) {
                steps.add(step.name() + ": " + step.detail());
            }
            this.management = new Auth0TenantSimulator.Credentials(setup.clientId(), setup.clientSecret());
        }

        /** The Dashboard's API Explorer token: an application's, granted every Management API scope. */
        private static String apiExplorerToken(Auth0TenantSimulator sim) {
            Auth0TenantSimulator.Credentials explorer = sim.createManagementApplication(
                    Auth0TenantSimulator.MANAGEMENT_SCOPES.toArray(new String[0]));
            try {
                String form = "grant_type=client_credentials&client_id=" + enc(explorer.clientId()) + "&client_secret="
                        + enc(explorer.clientSecret()) + "&audience=" + enc(sim.managementAudience());
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.tokenEndpoint()))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the simulator refused the API Explorer token: HTTP " + r.statusCode());
                }
                return new ObjectMapper().readTree(r.body()).get("access_token").asText();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot reach the simulator's token endpoint", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        @Override
        List<String> setupSteps() {
            return steps;
        }

        @Override
        String description() {
            return "Auth0 tenant simulator at " + sim.baseUrl() + " (offline stand-in built from Auth0's documented API)";
        }

        @Override
        String issuer() {
            return sim.issuer();
        }

        @Override
        String managementClientId() {
            return management.clientId();
        }

        @Override
        String managementClientSecret() {
            return management.clientSecret();
        }

        @Override
        String apiAudience() {
            return SIMULATED_API;
        }

        @Override
        Optional<String> expiredToken(String clientId) {
            Map<String, Object> claims = sim.m2mClaims(clientId, SIMULATED_API, SIMULATED_SCOPE);
            long now = System.currentTimeMillis() / 1000;
            claims.put("iat", now - 7200);
            claims.put("exp", now - 3600);
            return Optional.of(sim.mintToken(claims));
        }

        @Override
        Auth0TenantSimulator simulator() {
            return sim;
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    static final class Real extends DemoTenant {
        private final String issuer;
        private final String clientId;
        private final String clientSecret;
        private final String audience;

        Real(String domain, String clientId, String clientSecret, String audience) {
            String d = domain.replaceFirst("^https?://", "");
            while (d.endsWith("/")) {
                d = d.substring(0, d.length() - 1);
            }
            this.issuer = "https://" + d + "/";
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.audience = audience;
        }

        @Override
        String description() {
            return "real Auth0 tenant " + issuer;
        }

        @Override
        String issuer() {
            return issuer;
        }

        @Override
        String managementClientId() {
            return clientId;
        }

        @Override
        String managementClientSecret() {
            return clientSecret;
        }

        @Override
        String apiAudience() {
            return audience;
        }

        @Override
        Optional<String> expiredToken(String clientId) {
            return Optional.empty();
        }
    }
}
