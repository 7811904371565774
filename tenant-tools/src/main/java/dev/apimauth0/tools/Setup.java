package dev.apimauth0.tools;

import dev.apimauth0.auth0.client.ApplicationSpec;
import dev.apimauth0.auth0.client.Auth0Application;
import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0ClientConfig;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ClientGrant;
import dev.apimauth0.auth0.client.ResourceServer;
import dev.apimauth0.auth0.client.ResourceServerScope;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates what the recipe needs in a tenant, with a Management API token that may create it (the Dashboard's API
 * Explorer token): the API (RS256, its scopes), APIM's machine-to-machine application, and that application's
 * Management API grant with exactly the connector's permissions. A rerun finds each object and reports it; it
 * never creates a second one. Nothing is written before the token is known to carry every permission needed.
 */
public final class Setup {

    static final String TOKEN = "management token";
    static final String API = "api";
    static final String APPLICATION = "application";
    static final String GRANT = "management api grant";
    static final String SECRET = "client secret";

    public static final String DEFAULT_APP_NAME = "APIM key manager";
    static final String APP_DESCRIPTION = "WSO2 API Manager's Auth0 key manager (apim-auth0)";

    private final Tenant tenant;
    private final String managementToken;
    private final String apiIdentifier;
    private final String apiName;
    private final List<String> scopes;
    private final String appName;
    private final Path secretFile;

    /** What setup made or found; the client secret is held for callers in the same process and never printed. */
    public static final class Result {
        private final Report report;
        private final String clientId;
        private final String clientSecret;

        Result(Report report, String clientId, String clientSecret) {
            this.report = report;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        public Report report() { return report; }
        /** The application's client id, or null when setup did not get that far. */
        public String clientId() { return clientId; }
        /** The application's client secret, or null when Auth0 did not return it. */
        public String clientSecret() { return clientSecret; }

        @Override
        public String toString() {
            return "Setup.Result[ok=" + report.ok() + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    private Setup(Tenant tenant, String managementToken, String apiIdentifier, String apiName, List<String> scopes,
                  String appName, Path secretFile) {
        this.tenant = tenant;
        this.managementToken = managementToken;
        this.apiIdentifier = apiIdentifier;
        this.apiName = apiName;
        this.scopes = scopes;
        this.appName = appName;
        this.secretFile = secretFile;
    }

    /**
     * @param apiName    null names the API after its identifier
     * @param appName    null gives {@value #DEFAULT_APP_NAME}
     * @param secretFile where to write the client secret (owner-only), or null to write it nowhere
     */
    public static Setup of(Tenant tenant, String managementToken, String apiIdentifier, String apiName,
                           List<String> scopes, String appName, Path secretFile) {
        if (managementToken == null || managementToken.trim().isEmpty()) {
            throw new IllegalArgumentException("a Management API token is required (Auth0 Dashboard > Applications > APIs > "
                    + "Auth0 Management API > API Explorer)");
        }
        if (apiIdentifier == null || apiIdentifier.trim().isEmpty()) {
            throw new IllegalArgumentException("the API identifier is required (the audience your clients ask tokens for, "
                    + "e.g. https://api.example.com/orders)");
        }
        String api = apiIdentifier.trim();
        if (api.equals(tenant.managementAudience())) {
            throw new IllegalArgumentException("the API identifier must be an API of yours, not the Management API");
        }
        List<String> s = new ArrayList<>();
        for (String scope : scopes == null ? Collections.<String>emptyList() : scopes) {
            if (scope != null && !scope.trim().isEmpty() && !s.contains(scope.trim())) {
                s.add(scope.trim());
            }
        }
        return new Setup(tenant, managementToken.trim(), api, apiName == null || apiName.trim().isEmpty() ? api : apiName.trim(),
                Collections.unmodifiableList(s), appName == null || appName.trim().isEmpty() ? DEFAULT_APP_NAME : appName.trim(),
                secretFile);
    }

    public Result run() {
        Report.Builder r = Report.builder("setup", "Auth0 tenant " + tenant.issuer() + ", API " + apiIdentifier
                + ", application \"" + appName + "\"");
        Auth0ClientConfig config = Auth0ClientConfig.builder()
                .tokenEndpoint(tenant.tokenEndpoint())
                .managementApiUrl(tenant.managementAudience())
                .managementToken(managementToken)
                .maxRetries(2)
                .build();
        String clientId = null;
        String clientSecret = null;
        try (Auth0Client auth0 = new Auth0Client(config)) {
            if (!tokenPermissions(r)) {
                return new Result(r.build(), null, null);
            }
            if (!api(auth0, r)) {
                return new Result(r.build(), null, null);
            }
            Auth0Application app = application(auth0, r);
            if (app == null) {
                return new Result(r.build(), null, null);
            }
            clientId = app.clientId();
            clientSecret = app.clientSecret();
            grant(auth0, clientId, r);
            secret(clientSecret, r);
        }
        r.block("Admin Portal > Key Managers > Add Key Manager", adminPortalValues(clientId));
        r.block("deployment.toml (every node)", deploymentToml());
        return new Result(r.build(), clientId, clientSecret);
    }

    private boolean tokenPermissions(Report.Builder r) {
        Set<String> have = ManagementTokens.scopes(managementToken);
        if (have == null) {
            r.add(Check.fail(TOKEN, "not a Management API access token (a JWT)",
                    "copy the token from Auth0 Dashboard > Applications > APIs > Auth0 Management API > API Explorer"));
            return false;
        }
        List<String> missing = new ArrayList<>();
        for (String s : ConnectorPermissions.SETUP) {
            if (!have.contains(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            r.add(Check.fail(TOKEN, "nothing was changed: the token lacks " + String.join(", ", missing),
                    "use the API Explorer's token, or one of an application granted these permissions"));
            return false;
        }
        r.add(Check.pass(TOKEN, "carries the " + ConnectorPermissions.SETUP.size() + " permissions setup needs"));
        return true;
    }

    private boolean api(Auth0Client auth0, Report.Builder r) {
        List<ResourceServerScope> wanted = new ArrayList<>();
        for (String s : scopes) {
            wanted.add(new ResourceServerScope(s, s));
        }
        try {
            ResourceServer rs;
            try {
                rs = auth0.getResourceServer(apiIdentifier);
            } catch (Auth0Exception e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                rs = auth0.createResourceServer(apiIdentifier, apiName, "RS256", "access_token", wanted);
                r.add(Check.pass(API, "created " + apiIdentifier + " (RS256, scopes: " + list(scopes) + ")"));
                return true;
            }
            if (!"RS256".equals(rs.signingAlg())) {
                r.add(Check.fail(API, "found " + apiIdentifier + " signed with " + rs.signingAlg() + "; left as it is",
                        "set RS256 in Applications > APIs > (API) > Settings, or give another identifier"));
                return false;
            }
            List<ResourceServerScope> merged = new ArrayList<>(rs.scopes());
            List<String> added = new ArrayList<>();
            for (ResourceServerScope s : wanted) {
                if (rs.scope(s.value()) == null) {
                    merged.add(s);
                    added.add(s.value());
                }
            }
            if (!added.isEmpty()) {
                auth0.updateResourceServerScopes(rs.id() != null ? rs.id() : apiIdentifier, merged);
            }
            r.add(Check.pass(API, "found " + apiIdentifier + " (RS256" + (added.isEmpty() ? ", has the scopes asked for)"
                    : ", added scopes: " + String.join(" ", added) + ")")));
            return true;
        } catch (Auth0Exception e) {
            r.add(Check.fail(API, "Auth0 refused: " + e.getMessage(), "correct what Auth0 names and run setup again"));
            return false;
        }
    }

    private Auth0Application application(Auth0Client auth0, Report.Builder r) {
        try {
            List<String> ids = auth0.findClientIdsByName(appName, 50);
            if (ids.size() > 1) {
                r.add(Check.fail(APPLICATION, ids.size() + " applications are named \"" + appName + "\": "
                        + String.join(", ", ids), "delete the extras in Applications > Applications, or give another --app-name"));
                return null;
            }
            if (ids.isEmpty()) {
                Auth0Application created = auth0.createClient(new ApplicationSpec()
                        .name(appName)
                        .description(APP_DESCRIPTION)
                        .appType("non_interactive")
                        .grantTypes(Collections.singletonList("client_credentials"))
                        .tokenEndpointAuthMethod("client_secret_post"));
                r.add(Check.pass(APPLICATION, "created \"" + appName + "\", machine to machine, client id " + created.clientId()));
                return created;
            }
            Auth0Application app = auth0.getClient(ids.get(0));
            if (!"non_interactive".equals(app.appType())) {
                r.add(Check.fail(APPLICATION, "\"" + appName + "\" (" + app.clientId() + ") is a " + app.appType()
                        + " application, not machine to machine; left as it is", "give another --app-name"));
                return null;
            }
            if (!app.grantTypes().contains("client_credentials")) {
                List<String> grants = new ArrayList<>(app.grantTypes());
                grants.add("client_credentials");
                app = auth0.updateClient(app.clientId(), new ApplicationSpec().grantTypes(grants));
                r.add(Check.pass(APPLICATION, "found \"" + appName + "\" (" + app.clientId() + "), allowed it the client_credentials grant"));
            } else {
                r.add(Check.pass(APPLICATION, "found \"" + appName + "\", machine to machine, client id " + app.clientId()));
            }
            return app;
        } catch (Auth0Exception e) {
            r.add(Check.fail(APPLICATION, "Auth0 refused: " + e.getMessage(), "correct what Auth0 names and run setup again"));
            return null;
        }
    }

    private void grant(Auth0Client auth0, String clientId, Report.Builder r) {
        List<String> needed = new ArrayList<>(ConnectorPermissions.NEEDED);
        try {
            List<ClientGrant> grants = auth0.findClientGrants(clientId, tenant.managementAudience());
            if (grants.isEmpty()) {
                auth0.createClientGrant(clientId, tenant.managementAudience(), needed);
                r.add(Check.pass(GRANT, "created: the " + needed.size() + " permissions the connector needs, no more"));
                return;
            }
            ClientGrant g = grants.get(0);
            Set<String> have = new LinkedHashSet<>(g.scopes());
            if (have.equals(new LinkedHashSet<>(needed))) {
                r.add(Check.pass(GRANT, "found, with exactly the " + needed.size() + " permissions the connector needs"));
                return;
            }
            List<String> added = new ArrayList<>();
            for (String s : needed) {
                if (!have.contains(s)) {
                    added.add(s);
                }
            }
            List<String> removed = new ArrayList<>();
            for (String s : have) {
                if (!ConnectorPermissions.NEEDED.contains(s)) {
                    removed.add(s);
                }
            }
            auth0.updateClientGrant(g.id(), needed);
            r.add(Check.pass(GRANT, "found and set to exactly the connector's permissions (added: " + list(added)
                    + "; removed: " + list(removed) + ")"));
        } catch (Auth0Exception e) {
            r.add(Check.fail(GRANT, "Auth0 refused: " + e.getMessage(), "correct what Auth0 names and run setup again"));
        }
    }

    private void secret(String clientSecret, Report.Builder r) {
        if (secretFile == null) {
            r.add(Check.pass(SECRET, "not shown: Applications > Applications > " + appName + " > Settings > Client Secret"
                    + " (or rerun with --secret-file)"));
            return;
        }
        if (clientSecret == null) {
            r.add(Check.fail(SECRET, "Auth0 did not return the client secret", "the token needs read:client_keys"));
            return;
        }
        try {
            writeOwnerOnly(secretFile, clientSecret);
            r.add(Check.pass(SECRET, "written to " + secretFile + " (readable by its owner only)"));
        } catch (IOException e) {
            r.add(Check.fail(SECRET, "cannot write " + secretFile + ": " + e.getClass().getSimpleName(),
                    "give a --secret-file in a directory you can write"));
        }
    }

    private static void writeOwnerOnly(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        try {
            Set<PosixFilePermission> owner = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(secret.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String adminPortalValues(String clientId) {
        return "Key Manager Type        Auth0\n"
                + "Well-known URL          " + tenant.wellKnownUrl() + "   (then Import)\n"
                + "Introspection Endpoint  " + tenant.tokenEndpoint() + "   (Auth0 has none; never called)\n"
                + "client_id               " + (clientId == null ? "(see above)" : clientId) + "\n"
                + "client_secret           " + (secretFile == null ? "(Applications > Applications > " + appName
                + " > Settings > Client Secret)" : "(the content of " + secretFile + ")") + "\n"
                + "audience                " + tenant.managementAudience() + "\n"
                + "api_audience            " + apiIdentifier + "\n"
                + "Consumer Key Claim URI  azp\n"
                + "Scopes Claim URI        scope\n"
                + "\n"
                + "or: tenant-tools.sh register-key-manager (README \"Set up the key manager\")";
    }

    private String deploymentToml() {
        return "[synapse_handlers.apim_auth0_token_guard]\n"
                + "enabled = true\n"
                + "class = \"dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler\"\n"
                + "\n"
                + "[apim_auth0.gateway]\n"
                + "issuers = [\"" + tenant.issuer() + "\"]\n"
                + "audiences = [\"" + apiIdentifier + "\"]";
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "(none)" : String.join(" ", values);
    }
}
