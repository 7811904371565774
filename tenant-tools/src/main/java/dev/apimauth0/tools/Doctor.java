package dev.apimauth0.tools;

import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0ClientConfig;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.JsonWebKeySet;
import dev.apimauth0.auth0.client.OpenIdConfiguration;
import dev.apimauth0.auth0.client.ResourceServer;
import dev.apimauth0.auth0.client.ResourceServerScope;
import dev.apimauth0.auth0.client.TokenResponse;
import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.TokenGuardConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a tenant, APIM's machine-to-machine application and optionally a deployment.toml against what the
 * connector and the gateway guard need. It only reads: nothing in the tenant or the file is changed.
 */
public final class Doctor {

    static final String DISCOVERY = "discovery";
    static final String JWKS = "jwks";
    static final String MANAGEMENT_TOKEN = "management token";
    static final String PERMISSIONS = "management permissions";
    static final String LEAST_PRIVILEGE = "least privilege";
    static final String API = "api";
    static final String API_SIGNING = "api signing algorithm";
    static final String API_DIALECT = "api token dialect";
    static final String CLIENT_GRANTS = "client grants";
    static final String TOML = "deployment.toml";
    static final String GATEWAY_SETTINGS = "gateway settings";
    static final String GATEWAY_ISSUERS = "gateway issuers";
    static final String GATEWAY_AUDIENCES = "gateway audiences";
    static final String GATEWAY_JWKS = "gateway jwks_uri";
    static final String GATEWAY_SCOPES = "gateway required_scopes";

    private static final String GRANT_PATH = "Auth0 Dashboard > Applications > APIs > Auth0 Management API > "
            + "Machine to Machine Applications > (APIM's application)";
    /** Dialects whose tokens carry azp and scope, the claims the key manager and the guard read. */
    private static final Set<String> DIALECTS = new LinkedHashSet<>(java.util.Arrays.asList("access_token", "access_token_authz"));

    private final Tenant tenant;
    private final String clientId;
    private final String clientSecret;
    private final String api;
    private final Path deploymentToml;

    private Doctor(Tenant tenant, String clientId, String clientSecret, String api, Path deploymentToml) {
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.api = api;
        this.deploymentToml = deploymentToml;
    }

    /**
     * @param api            the API identifier to check, or null
     * @param deploymentToml a deployment.toml to check, or null
     */
    public static Doctor of(Tenant tenant, String clientId, String clientSecret, String api, Path deploymentToml) {
        if (clientId == null || clientId.trim().isEmpty()) {
            throw new IllegalArgumentException("the client id of APIM's machine-to-machine application is required");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("the client secret of APIM's machine-to-machine application is required");
        }
        return new Doctor(tenant, clientId.trim(), clientSecret, api == null || api.trim().isEmpty() ? null : api.trim(),
                deploymentToml);
    }

    public Report run() {
        Report.Builder r = Report.builder("doctor", "Auth0 tenant " + tenant.issuer() + ", client " + clientId
                + (api == null ? "" : ", API " + api) + (deploymentToml == null ? "" : ", " + deploymentToml));
        Auth0ClientConfig config = Auth0ClientConfig.builder()
                .tokenEndpoint(tenant.tokenEndpoint())
                .managementApiUrl(tenant.managementAudience())
                .clientId(clientId)
                .clientSecret(clientSecret)
                .maxRetries(1)
                .retryBackoffMillis(200)
                .build();
        try (Auth0Client auth0 = new Auth0Client(config)) {
            OpenIdConfiguration oidc = discovery(auth0, r);
            String jwksUri = oidc != null && oidc.jwksUri() != null ? oidc.jwksUri() : tenant.jwksUri();
            jwks(auth0, jwksUri, r);
            Set<String> scopes = managementToken(auth0, r);
            permissions(scopes, r);
            if (api != null) {
                api(auth0, scopes, r);
            }
            if (deploymentToml != null) {
                deploymentToml(auth0, scopes, jwksUri, r);
            }
        }
        return r.build();
    }

    // ------------------------------------------------------------------ Auth0

    private OpenIdConfiguration discovery(Auth0Client auth0, Report.Builder r) {
        try {
            OpenIdConfiguration oidc = auth0.openIdConfiguration(tenant.wellKnownUrl());
            if (!tenant.issuer().equals(oidc.issuer())) {
                r.add(Check.fail(DISCOVERY, tenant.wellKnownUrl() + " names the issuer \"" + oidc.issuer()
                                + "\", not \"" + tenant.issuer() + "\"",
                        "give the tenant's own domain (Auth0 Dashboard > Settings > Custom Domains lists a custom one)"));
            } else if (oidc.jwksUri() == null || !oidc.jwksUri().startsWith(tenant.baseUrl())) {
                r.add(Check.fail(DISCOVERY, "the document's jwks_uri \"" + oidc.jwksUri() + "\" is not the tenant's",
                        "check that " + tenant.wellKnownUrl() + " is Auth0's and not a proxy's"));
            } else {
                r.add(Check.pass(DISCOVERY, tenant.wellKnownUrl() + ": issuer " + oidc.issuer()));
            }
            return oidc;
        } catch (Auth0Exception | IllegalArgumentException e) {
            r.add(Check.fail(DISCOVERY, "cannot read " + tenant.wellKnownUrl() + ": " + e.getMessage(),
                    "check the tenant domain and this host's access to " + tenant.baseUrl()));
            return null;
        }
    }

    private void jwks(Auth0Client auth0, String jwksUri, Report.Builder r) {
        String fix = "the gateway and the key manager fetch the tenant's keys from " + jwksUri
                + ": check this host's and the gateways' access to it, and Auth0's status page";
        try {
            JsonWebKeySet set = auth0.jsonWebKeySet(jwksUri);
            List<String> wrong = new ArrayList<>();
            for (JsonWebKeySet.Key k : set.keys()) {
                if (!"RSA".equals(k.kty()) || (k.alg() != null && !"RS256".equals(k.alg()))
                        || (k.use() != null && !"sig".equals(k.use())) || k.kid() == null) {
                    wrong.add(k.kid() + " (" + k.kty() + ", " + k.alg() + ", " + k.use() + ")");
                }
            }
            if (set.keys().isEmpty()) {
                r.add(Check.fail(JWKS, jwksUri + " publishes no keys", fix));
            } else if (!wrong.isEmpty()) {
                r.add(Check.fail(JWKS, jwksUri + " has keys that are not RS256 signing keys with a kid: "
                        + String.join(", ", wrong), "Auth0 signs access tokens with RS256 keys: check that "
                        + jwksUri + " is the tenant's own JWKS"));
            } else {
                r.add(Check.pass(JWKS, jwksUri + ": " + set.keys().size() + " RS256 signing key(s)"));
            }
        } catch (Auth0Exception | IllegalArgumentException e) {
            r.add(Check.fail(JWKS, "cannot fetch " + jwksUri + ": " + e.getMessage(), fix));
        }
    }

    /** The token's scopes, or null when no token could be had. */
    private Set<String> managementToken(Auth0Client auth0, Report.Builder r) {
        try {
            TokenResponse t = auth0.clientCredentialsToken(clientId, clientSecret, tenant.managementAudience(), null);
            r.add(Check.pass(MANAGEMENT_TOKEN, "client " + clientId + " gets a Management API token ("
                    + t.scopes().size() + " permissions, valid " + t.expiresIn() + " s)"));
            return new LinkedHashSet<>(t.scopes());
        } catch (Auth0Exception e) {
            r.add(Check.fail(MANAGEMENT_TOKEN, "client_credentials for " + tenant.managementAudience() + " refused: "
                    + e.getMessage(), tokenFix(e)));
            return null;
        }
    }

    private String tokenFix(Auth0Exception e) {
        String message = e.auth0Message() == null ? "" : e.auth0Message().toLowerCase(Locale.ROOT);
        if (e.statusCode() == 401) {
            return "the client id or secret is wrong: copy both from Auth0 Dashboard > Applications > Applications > "
                    + "(APIM's application) > Settings";
        }
        if ("unauthorized_client".equals(e.errorCode())) {
            return "allow the Client Credentials grant: Applications > (APIM's application) > Settings > Advanced "
                    + "Settings > Grant Types";
        }
        if (e.statusCode() == 403) {
            return "authorize the application for the Auth0 Management API with the connector's permissions ("
                    + GRANT_PATH + "), or run setup" + (message.contains("service not found")
                    ? "; the Management API audience is " + tenant.managementAudience() : "");
        }
        return "check this host's access to " + tenant.tokenEndpoint() + " and Auth0's status page";
    }

    private void permissions(Set<String> scopes, Report.Builder r) {
        if (scopes == null) {
            String skipped = "not checked: no Management API token";
            r.add(Check.fail(PERMISSIONS, skipped, "fix \"" + MANAGEMENT_TOKEN + "\" first"));
            r.add(Check.fail(LEAST_PRIVILEGE, skipped, "fix \"" + MANAGEMENT_TOKEN + "\" first"));
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String s : ConnectorPermissions.NEEDED) {
            if (!scopes.contains(s)) {
                missing.add(s);
            }
        }
        List<String> excess = new ArrayList<>();
        for (String s : scopes) {
            if (!ConnectorPermissions.NEEDED.contains(s)) {
                excess.add(s);
            }
        }
        if (missing.isEmpty()) {
            r.add(Check.pass(PERMISSIONS, "all " + ConnectorPermissions.NEEDED.size() + " the connector needs"));
        } else {
            r.add(Check.fail(PERMISSIONS, "missing: " + String.join(", ", missing),
                    "tick them in " + GRANT_PATH + " > Permissions, then Update"));
        }
        if (excess.isEmpty()) {
            r.add(Check.pass(LEAST_PRIVILEGE, "no permission beyond the connector's"));
        } else {
            r.add(Check.fail(LEAST_PRIVILEGE, "risk: " + excess.size() + " permission(s) the connector never uses: "
                            + String.join(", ", excess) + "; anyone holding APIM's key manager credentials has them",
                    "untick them in " + GRANT_PATH + " > Permissions, then Update"));
        }
    }

    private void api(Auth0Client auth0, Set<String> scopes, Report.Builder r) {
        if (scopes == null) {
            r.add(Check.fail(API, "not checked: no Management API token", "fix \"" + MANAGEMENT_TOKEN + "\" first"));
            return;
        }
        ResourceServer rs;
        try {
            rs = auth0.getResourceServer(api);
        } catch (Auth0Exception e) {
            r.add(Check.fail(API, e.isNotFound() ? "the tenant has no API with the identifier " + api
                            : "cannot read the API " + api + ": " + e.getMessage(),
                    e.isNotFound() ? "create it (Applications > APIs > Create API, identifier " + api
                            + ", signing algorithm RS256), or run setup" : forbiddenFix(e)));
            return;
        }
        List<String> values = new ArrayList<>();
        for (ResourceServerScope s : rs.scopes()) {
            values.add(s.value());
        }
        if (rs.isSystem()) {
            r.add(Check.fail(API, api + " is Auth0's own " + rs.name() + ", not an API of yours",
                    "give the identifier of the API your APIM APIs stand for"));
            return;
        }
        r.add(Check.pass(API, api + " (" + rs.name() + "), scopes: " + (values.isEmpty() ? "(none)" : String.join(" ", values))));
        if ("RS256".equals(rs.signingAlg())) {
            r.add(Check.pass(API_SIGNING, "RS256"));
        } else {
            r.add(Check.fail(API_SIGNING, rs.signingAlg() + ": tokens for this API are not signed with the tenant's "
                            + "RS256 keys, and the gateway guard refuses them",
                    "set RS256 in Applications > APIs > (API) > Settings > Token Settings > JSON Web Token (JWT) "
                            + "Signing Algorithm, or create a new API with RS256 (the algorithm of some APIs cannot change)"));
        }
        String dialect = rs.tokenDialect() == null ? "access_token" : rs.tokenDialect();
        if (DIALECTS.contains(dialect)) {
            r.add(Check.pass(API_DIALECT, dialect));
        } else {
            r.add(Check.fail(API_DIALECT, dialect + ": the key manager reads the consumer key from azp and the "
                            + "scopes from scope, the claims of Auth0's own dialect",
                    "set Token Dialect to access_token (or access_token_authz for RBAC permissions) in "
                            + "Applications > APIs > (API) > Settings > Token Settings"));
        }
        clientGrants(auth0, rs, scopes, r);
    }

    private void clientGrants(Auth0Client auth0, ResourceServer rs, Set<String> scopes, Report.Builder r) {
        List<String> missing = new ArrayList<>();
        for (String s : new String[] {"create:client_grants", "read:client_grants", "update:client_grants",
                "delete:client_grants", "read:resource_servers"}) {
            if (!scopes.contains(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            r.add(Check.fail(CLIENT_GRANTS, "the connector cannot grant applications access to " + rs.identifier()
                    + " without " + String.join(", ", missing), "tick them in " + GRANT_PATH + " > Permissions"));
            return;
        }
        if ("deny_all".equals(rs.clientAuthorizationPolicy())) {
            r.add(Check.fail(CLIENT_GRANTS, rs.identifier() + " refuses every machine-to-machine application "
                            + "(client authorization policy deny_all)",
                    "allow applications with a client grant: Applications > APIs > (API) > Settings > Access Settings"));
            return;
        }
        try {
            int existing = auth0.findClientGrants(null, rs.identifier()).size();
            r.add(Check.pass(CLIENT_GRANTS, "the connector can grant applications access to " + rs.identifier()
                    + " (" + existing + " grant(s) on it now)"));
        } catch (Auth0Exception e) {
            r.add(Check.fail(CLIENT_GRANTS, "cannot list the grants on " + rs.identifier() + ": " + e.getMessage(),
                    forbiddenFix(e)));
        }
    }

    private static String forbiddenFix(Auth0Exception e) {
        if ("insufficient_scope".equals(e.errorCode())) {
            return "grant the permission Auth0 names in " + GRANT_PATH + " > Permissions";
        }
        return "retry; if it persists check Auth0's status page";
    }

    // ------------------------------------------------------------------ deployment.toml

    private void deploymentToml(Auth0Client auth0, Set<String> scopes, String jwksUri, Report.Builder r) {
        GatewaySection section;
        try {
            section = GatewaySection.read(deploymentToml);
        } catch (IOException e) {
            r.add(Check.fail(TOML, "cannot read " + deploymentToml + ": " + e.getClass().getSimpleName(),
                    "give the path of repository/conf/deployment.toml"));
            return;
        }
        if (!section.errors().isEmpty()) {
            r.add(Check.fail(TOML, "not valid TOML: " + section.errors().get(0),
                    "correct the file there: APIM's config mapper reads it with the same TOML parser and would not start"));
            return;
        }
        if (!section.present()) {
            r.add(Check.fail(TOML, "no [" + GatewaySection.SECTION + "] section",
                    "add the sections of apim-auth0/deployment-snippet.toml (README \"Enable in deployment.toml\")"));
            return;
        }
        r.add(Check.pass(TOML, "[" + GatewaySection.SECTION + "] with " + section.settings().size() + " key(s)"));
        Map<String, String> settings = section.settings();
        TokenGuardConfig guard = null;
        try {
            guard = GuardSettings.load(settings);
            r.add(Check.pass(GATEWAY_SETTINGS, "the guard loads them: " + guard.providers().size() + " provider(s)"
                    + (guard.enabled() ? "" : ", guard disabled (enabled = false)")));
        } catch (InvalidSettingException e) {
            r.add(Check.fail(GATEWAY_SETTINGS, e.getMessage(), "correct " + InvalidSettingException.KEY_PREFIX
                    + e.key() + " in deployment.toml; until then the gateway answers 500 to every Bearer request"));
        }

        Map<String, List<String>> issuersByProvider = rawLists(settings, "issuers");
        String provider = null;
        for (Map.Entry<String, List<String>> e : issuersByProvider.entrySet()) {
            if (e.getValue().contains(tenant.issuer())) {
                provider = e.getKey();
                break;
            }
        }
        if (provider != null) {
            r.add(Check.pass(GATEWAY_ISSUERS, label(provider) + " lists " + tenant.issuer() + ", the tenant's iss"));
        } else {
            String near = null;
            for (Map.Entry<String, List<String>> e : issuersByProvider.entrySet()) {
                for (String iss : e.getValue()) {
                    if (sameIgnoringSlashAndCase(iss, tenant.issuer())) {
                        near = label(e.getKey()) + " lists \"" + iss + "\"";
                        provider = e.getKey();
                    }
                }
            }
            r.add(Check.fail(GATEWAY_ISSUERS, (near != null ? near + "; the tenant's tokens carry iss \""
                            + tenant.issuer() + "\", compared exactly" : "no provider lists the tenant's iss " + tenant.issuer()),
                    "write issuers = [\"" + tenant.issuer() + "\"] (exactly, with the trailing slash) in ["
                            + GatewaySection.SECTION + (provider == null || provider.isEmpty() ? "" : ".provider." + provider) + "]"));
        }
        if (provider == null) {
            return;
        }
        String prefix = provider.isEmpty() ? "" : "provider." + provider + ".";
        audiences(auth0, scopes, split(settings.get(prefix + "audiences")), guard, r);
        List<String> issuers = issuersByProvider.get(provider);
        String configured = settings.get(prefix + "jwks_uri");
        String effective = configured != null && !configured.trim().isEmpty() ? configured.trim()
                : issuers.isEmpty() ? "" : withSlash(issuers.get(0)) + ".well-known/jwks.json";
        if (effective.equals(jwksUri)) {
            r.add(Check.pass(GATEWAY_JWKS, effective + (configured == null ? " (derived from the first issuer)" : "")));
        } else {
            r.add(Check.fail(GATEWAY_JWKS, (configured == null ? "derived from the first issuer: " : "") + effective
                            + "; the tenant publishes its keys at " + jwksUri,
                    configured == null ? "list " + tenant.issuer() + " first in issuers, or set jwks_uri = \"" + jwksUri + "\""
                            : "set jwks_uri = \"" + jwksUri + "\", or remove it (it defaults to the issuer's)"));
        }
    }

    private void audiences(Auth0Client auth0, Set<String> scopes, List<String> audiences, TokenGuardConfig guard,
                           Report.Builder r) {
        if (audiences.isEmpty()) {
            r.add(Check.fail(GATEWAY_AUDIENCES, "no audiences", "set audiences = [\"<your API's identifier>\"]"));
            return;
        }
        if (scopes == null) {
            r.add(Check.fail(GATEWAY_AUDIENCES, "not checked: no Management API token", "fix \"" + MANAGEMENT_TOKEN + "\" first"));
            return;
        }
        List<String> unknown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> defined = new LinkedHashSet<>();
        for (String aud : audiences) {
            if (aud.equals(tenant.managementAudience())) {
                problems.add(aud + " is the Management API: its tokens would pass the gateway");
                continue;
            }
            try {
                for (ResourceServerScope s : auth0.getResourceServer(aud).scopes()) {
                    defined.add(s.value());
                }
            } catch (Auth0Exception e) {
                if (e.isNotFound()) {
                    unknown.add(aud);
                } else {
                    problems.add(aud + ": " + e.getMessage());
                }
            }
        }
        if (unknown.isEmpty() && problems.isEmpty()) {
            r.add(Check.pass(GATEWAY_AUDIENCES, "APIs of the tenant: " + String.join(", ", audiences)));
        } else {
            List<String> details = new ArrayList<>(problems);
            if (!unknown.isEmpty()) {
                details.add(0, "not an API of the tenant: " + String.join(", ", unknown));
            }
            r.add(Check.fail(GATEWAY_AUDIENCES, String.join("; ", details),
                    "audiences are API identifiers (Applications > APIs > (API) > Settings > Identifier): correct them, "
                            + "or create the API (setup creates one)"));
        }
        if (guard != null && !guard.scopeRules().isEmpty()) {
            Set<String> undefined = new LinkedHashSet<>();
            for (TokenGuardConfig.ScopeRule rule : guard.scopeRules()) {
                for (String s : rule.scopes()) {
                    if (!defined.contains(s)) {
                        undefined.add(s);
                    }
                }
            }
            if (undefined.isEmpty()) {
                r.add(Check.pass(GATEWAY_SCOPES, "every scope the rules require is a permission of an audience API"));
            } else {
                r.add(Check.fail(GATEWAY_SCOPES, "no audience API defines " + String.join(", ", undefined)
                                + ": no token could carry it, so those paths would always answer 403",
                        "add the permission to the API (Applications > APIs > (API) > Permissions), or correct required_scopes"));
            }
        }
    }

    /** Issuers (or another list key) per provider: "" for the top-level one, then each listed provider. */
    private static Map<String, List<String>> rawLists(Map<String, String> settings, String key) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (settings.containsKey(key)) {
            out.put("", split(settings.get(key)));
        }
        for (String name : split(settings.get(GuardSettings.PROVIDERS))) {
            out.put(name, split(settings.get("provider." + name + "." + key)));
        }
        return out;
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            if (!part.trim().isEmpty()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String label(String provider) {
        return provider.isEmpty() ? "[" + GatewaySection.SECTION + "]" : "provider " + provider;
    }

    private static boolean sameIgnoringSlashAndCase(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String s) {
        String t = s.trim().replaceFirst("^[a-zA-Z]+://", "");
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String withSlash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }
}
