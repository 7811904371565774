package dev.apimauth0.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenHash;
import dev.apimauth0.gateway.embedded.EmbeddedGateway;
import dev.apimauth0.gateway.embedded.SampleBackend;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The whole recipe on embedded parts, in one JVM: Auth0 (the tenant simulator or a real tenant) -> the key manager
 * as the Admin Portal configures it -> keys and a client_credentials token as the Developer Portal gets them ->
 * the embedded Synapse gateway with the token guard in front of a sample backend -> good and bad calls.
 * Prints a short transcript; {@link Outcome#allHeld()} is true only if every call got what it should.
 */
public final class Demo {

    /** The API context on the gateway; listed in auth0_only_paths so a call without a token is refused there. */
    static final String API_CONTEXT = "/orders";
    static final String RESOURCE = API_CONTEXT + "/items";
    /** A path with a scope rule that the demo application's token does not satisfy. */
    static final String ADMIN_RESOURCE = API_CONTEXT + "/admin/settings";
    static final String ADMIN_SCOPE = "admin:orders";
    static final int JWKS_COOLDOWN_SECONDS = 1;

    /** One call and what it should get: the status and one of the acceptable reason codes (none for a success). */
    public record Check(String name, int expectedStatus, List<String> expectedReasons, int status, String reason,
                        String skippedBecause) {
        public boolean skipped() {
            return skippedBecause != null;
        }

        public boolean held() {
            return skipped() || (status == expectedStatus
                    && (expectedReasons.isEmpty() ? reason == null : expectedReasons.contains(reason)));
        }

        String expected() {
            return expectedStatus + (expectedReasons.isEmpty() ? "" : " " + String.join(" or ", expectedReasons));
        }
    }

    public record Outcome(String tenant, List<Check> checks) {
        public boolean allHeld() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::held);
        }

        public Optional<Check> check(String name) {
            return checks.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");
    private static final Pattern ERROR = Pattern.compile("error=\"([^\"]*)\"");

    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        quietLibraries();
        PrintStream out = System.out;
        int exit;
        try {
            Optional<DemoTenant> real = DemoTenant.fromEnvironment(System.getenv());
            try (DemoTenant tenant = real.orElseGet(DemoTenant::simulated)) {
                Outcome outcome = new Demo(out).run(tenant);
                exit = outcome.allHeld() ? 0 : 1;
            }
        } catch (Exception e) {
            out.println();
            out.println("DEMO FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    /** Runs the recipe against the tenant; the tenant stays open (the caller closes it). */
    public Outcome run(DemoTenant tenant) throws Exception {
        out.println("Auth0 for WSO2 API Manager 4.0.0 - the whole flow on embedded parts");
        out.println();
        out.println("[Auth0]            " + tenant.description());
        for (String step : tenant.setupSteps()) {
            out.println("                   setup " + step);
        }
        out.println("                   API " + tenant.apiAudience() + ", Management API client " + shortId(tenant.managementClientId()));

        // Admin Portal: add a key manager of type Auth0 (connector fields + what "Import" of the well-known URL fills);
        // APIM then creates it from the connector's implementation class name and loads the stored configuration
        KeyManagerConnectorConfiguration connector = new Auth0ConnectorConfiguration();
        KeyManager keyManager = (KeyManager) Class.forName(connector.getImplementation())
                .getDeclaredConstructor().newInstance();
        keyManager.setTenantDomain("carbon.super");
        keyManager.loadConfiguration(adminPortalConfiguration(connector, tenant));
        out.println("[Admin Portal]     key manager of type \"" + connector.getType() + "\" added: "
                + keyManager.getClass().getName());

        // Developer Portal: generate keys (creates the Auth0 application and its grant), then a token
        OAuthApplicationInfo app = keyManager.createApplication(developerPortalKeyRequest(tenant));
        if (app == null || app.getClientId() == null) {
            throw new IllegalStateException("the key manager created no application");
        }
        List<Check> checks = new ArrayList<>();
        try {
            out.println("[Developer Portal] keys generated: Auth0 application " + shortId(app.getClientId())
                    + " granted " + tenant.apiAudience());
            AccessTokenRequest tokenRequest = keyManager.buildAccessTokenRequestFromOAuthApp(app, null);
            tokenRequest.setGrantType("client_credentials");
            AccessTokenInfo tokenInfo = keyManager.getNewApplicationAccessToken(tokenRequest);
            if (tokenInfo == null || tokenInfo.getAccessToken() == null) {
                throw new IllegalStateException("the key manager returned no access token");
            }
            String token = tokenInfo.getAccessToken();
            out.println("[Developer Portal] client_credentials token " + hash(token) + " (valid for "
                    + tokenInfo.getValidityPeriod() + " s)");

            try (SampleBackend backend = SampleBackend.start(0);
                 JwksRelay jwks = JwksRelay.to(tenant.jwksUri());
                 EmbeddedGateway gateway = EmbeddedGateway.builder()
                         .backendUrl(backend.url())
                         .apiContext(API_CONTEXT)
                         .apiName("orders")
                         .settings(gatewaySettings(tenant, jwks.uri()))
                         .start()) {
                out.println("[Gateway]          embedded Synapse at " + gateway.baseUrl() + ", API " + API_CONTEXT
                        + " -> sample backend, Auth0 token guard in front");
                out.println();
                String url = gateway.baseUrl() + RESOURCE;

                checks.add(call(url, "valid token", bearer(token), 200));
                checks.add(call(url, "tampered token", bearer(tamper(token)), 401, Reason.SIGNATURE_INVALID.code()));
                Optional<String> expired = tenant.expiredToken(app.getClientId());
                if (expired.isPresent()) {
                    checks.add(call(url, "expired token", bearer(expired.get()), 401, Reason.TOKEN_EXPIRED.code()));
                } else {
                    checks.add(skip("expired token", 401, Reason.TOKEN_EXPIRED.code(),
                            "a real tenant issues no tokens in the past"));
                }
                String otherAudience = managementApiToken(tenant);
                checks.add(call(url, "wrong audience", bearer(otherAudience), 401, Reason.AUDIENCE_MISMATCH.code()));
                checks.add(call(url, "no token", null, 401, Reason.TOKEN_MISSING.code()));
                checks.add(call(gateway.baseUrl() + ADMIN_RESOURCE, "valid token, no admin scope", bearer(token), 403,
                        Reason.SCOPE_INSUFFICIENT.code()));
                int validCalls = 1;
                Auth0TenantSimulator sim = tenant.simulator();
                if (sim != null) {
                    // the condition under which APIM 4.0.0's own JWT path (JWTValidatorImpl 9.0.174) counts a forged
                    // token as valid: a token under a kid it has not cached makes it refetch the JWKS, and that fetch
                    // fails on the network. (An HTTP error status such as 429 or 503 makes it throw instead.)
                    // APIM's own JWT path on a node (KeyManagerHolder with "self validate JWT"): the validator the
                    // connector names, its JWKS fetched through the same relay
                    KeyManagerConfiguration relayed = adminPortalConfiguration(connector, tenant);
                    relayed.addParameter("certificate_value", jwks.uri());
                    ApimJwtPath apimPath = ApimJwtPath.load(connector, relayed);
                    checks.add(judged(apimPath, "APIM JWT path, valid token", token, true));
                    jwks.cut();
                    Thread.sleep(JWKS_COOLDOWN_SECONDS * 1000L + 200); // so that the guard really tries the fetch
                    String forged = sim.mintTokenWithForeignKey("forged-kid",
                            sim.m2mClaims(app.getClientId(), tenant.apiAudience(), DemoTenant.SIMULATED_SCOPE));
                    checks.add(call(url, "forged key, JWKS unreachable", bearer(forged), 401,
                            Reason.KEYS_UNAVAILABLE.code()));
                    out.println("  (APIM 4.0.0's built-in JWT path would take this token as valid: its JWKS fetch fails with a"
                            + " connection error)");
                    checks.add(judged(apimPath, "APIM JWT path, forged, no JWKS", forged, false));
                    checks.add(call(url, "valid token, JWKS unreachable", bearer(token), 200));
                    validCalls++;
                }
                int reachedBackend = backend.requests();
                out.println();
                out.println("backend reached " + reachedBackend + " time(s): only by the valid token");
                if (reachedBackend != validCalls) {
                    checks.add(new Check("backend reached only by the valid token", validCalls, List.of(),
                            reachedBackend, null, null));
                }
            }
        } finally {
            try {
                keyManager.deleteApplication(app.getClientId());
            } catch (Exception e) {
                out.println("note: could not delete the demo application " + shortId(app.getClientId()) + ": "
                        + e.getMessage());
            }
        }

        Outcome outcome = new Outcome(tenant.description(), checks);
        long held = checks.stream().filter(c -> !c.skipped() && c.held()).count();
        long skipped = checks.stream().filter(Check::skipped).count();
        out.println(outcome.allHeld()
                ? "ALL EXPECTATIONS HELD (" + held + " checks" + (skipped > 0 ? ", " + skipped + " skipped" : "") + ")"
                : "SOME EXPECTATIONS FAILED");
        return outcome;
    }

    /**
     * What the Admin Portal stores for an Auth0 key manager: the connector's fields (what the operator typed, else
     * the field's declared default, as the portal fills them on save) plus the endpoints "Import" fills.
     */
    static KeyManagerConfiguration adminPortalConfiguration(KeyManagerConnectorConfiguration connector,
                                                            DemoTenant tenant) {
        KeyManagerConfiguration c = new KeyManagerConfiguration();
        c.setName("Auth0");
        c.setType(connector.getType());
        c.setEnabled(true);
        c.setTenantDomain("carbon.super");
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("client_id", tenant.managementClientId());
        typed.put("client_secret", tenant.managementClientSecret());
        typed.put("audience", tenant.managementAudience());
        typed.put("api_audience", tenant.apiAudience());
        for (ConfigurationDto field : connector.getConnectionConfigurations()) {
            String value = typed.getOrDefault(field.getName(), field.getDefaultValue());
            if (value != null && !value.isEmpty()) {
                c.addParameter(field.getName(), value);
            } else if (field.isRequired()) {
                throw new IllegalStateException("the Admin Portal requires " + field.getName());
            }
        }
        // filled by "Import" of the well-known URL; Auth0 has no introspection endpoint, the form wants one
        c.addParameter("well_known_endpoint", tenant.wellKnownUri());
        c.addParameter("issuer", tenant.issuer());
        c.addParameter("token_endpoint", tenant.tokenEndpoint());
        c.addParameter("revoke_endpoint", tenant.issuer() + "oauth/revoke");
        c.addParameter("authorize_endpoint", tenant.issuer() + "authorize");
        c.addParameter("userinfo_endpoint", tenant.issuer() + "userinfo");
        c.addParameter("client_registration_endpoint", tenant.issuer() + "oidc/register");
        c.addParameter("introspection_endpoint", tenant.tokenEndpoint());
        c.addParameter("certificate_type", "JWKS");
        c.addParameter("certificate_value", tenant.jwksUri());
        c.addParameter("grant_types", List.of("client_credentials", "authorization_code", "refresh_token"));
        c.addParameter("consumer_key_claim", "azp");
        c.addParameter("scopes_claim", "scope");
        c.addParameter("enable_token_generation", true);
        c.addParameter("enable_oauth_app_creation", true);
        c.addParameter("enable_map_oauth_consumer_apps", true);
        c.addParameter("self_validate_jwt", true);
        c.addParameter("validation_type", "jwt");
        c.addParameter("type", connector.getType());
        c.addParameter("tenantDomain", "carbon.super");
        return c;
    }

    /** What the Developer Portal sends when keys are generated for an application with client_credentials. */
    static OAuthAppRequest developerPortalKeyRequest(DemoTenant tenant) throws Exception {
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName("admin_DemoApplication_PRODUCTION");
        info.addParameter("client_name", "admin_DemoApplication_PRODUCTION");
        info.addParameter("key_type", "PRODUCTION");
        info.addParameter("username", "admin");
        info.addParameter("grant_types", "client_credentials");
        info.addParameter("validityPeriod", "3600");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("app_type", "non_interactive");
        fields.put("token_endpoint_auth_method", "client_secret_post");
        fields.put("audience_of_api", tenant.apiAudience());
        info.addParameter("additionalProperties", JSON.writeValueAsString(fields));
        OAuthAppRequest request = new OAuthAppRequest();
        request.setOAuthApplicationInfo(info);
        return request;
    }

    /**
     * The guard's settings as deployment.toml's [apim_auth0.gateway] would give them; the JWKS is fetched through the
     * relay, with a short refetch cooldown so that the outage check needs no long wait.
     */
    static Map<String, String> gatewaySettings(DemoTenant tenant, String jwksUri) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("issuers", tenant.issuer());
        s.put("audiences", tenant.apiAudience());
        s.put("jwks_uri", jwksUri);
        s.put("jwks_cooldown_seconds", String.valueOf(JWKS_COOLDOWN_SECONDS));
        s.put("auth0_only_paths", API_CONTEXT);
        s.put("required_scopes", API_CONTEXT + "/admin=" + ADMIN_SCOPE);
        return s;
    }

    /** A real token for another API of the same tenant: the Management API token of the connector's client. */
    private String managementApiToken(DemoTenant tenant) throws Exception {
        String form = "grant_type=client_credentials"
                + "&client_id=" + enc(tenant.managementClientId())
                + "&client_secret=" + enc(tenant.managementClientSecret())
                + "&audience=" + enc(tenant.managementAudience());
        HttpRequest request = HttpRequest.newBuilder(URI.create(tenant.tokenEndpoint()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode()
                    + " for the Management API token");
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private Check call(String url, String name, String authorization, int expectedStatus, String... expectedReasons)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String reason = status < 400 ? null
                : reasonOf(response.headers().firstValue("WWW-Authenticate").orElse(null), authorization != null);
        Check check = new Check(name, expectedStatus, List.of(expectedReasons), status, reason, null);
        out.printf("%-30s -> %d %-20s %s%n", name, status, reason == null ? "" : reason,
                check.held() ? "ok" : "EXPECTED " + check.expected());
        return check;
    }

    /** One answer of APIM's own JWT path, printed like a call: 200 for valid, 401 for anything else. */
    private Check judged(ApimJwtPath path, String name, String token, boolean expectValid) {
        String answer = path.judge(token);
        out.printf("%-30s -> %s (Auth0JwtValidator, as getJWTValidator names it)%n", name, answer);
        return new Check(name, expectValid ? 200 : 401, List.of(), "valid".equals(answer) ? 200 : 401, null, null);
    }

    private Check skip(String name, int expectedStatus, String expectedReason, String because) {
        out.printf("%-30s -> skipped: %s%n", name, because);
        return new Check(name, expectedStatus, List.of(expectedReason), 0, null, because);
    }

    /** The reason code behind a rejection, read back from the RFC 6750 header the guard sends. */
    static String reasonOf(String wwwAuthenticate, boolean sentToken) {
        if (wwwAuthenticate == null) {
            return "no WWW-Authenticate";
        }
        Matcher d = ERROR_DESCRIPTION.matcher(wwwAuthenticate);
        if (d.find()) {
            for (Reason r : Reason.values()) {
                if (r.description().equals(d.group(1))) {
                    return r.code();
                }
            }
        }
        Matcher e = ERROR.matcher(wwwAuthenticate);
        if (e.find()) {
            return e.group(1);
        }
        // RFC 6750 3.1: no error code when the request carried no credentials
        return sentToken ? "unknown" : Reason.TOKEN_MISSING.code();
    }

    /** Changes the subject claim and keeps the signature: what an attacker editing a token gets. */
    static String tamper(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        Base64.Decoder dec = Base64.getUrlDecoder();
        ObjectNode claims = (ObjectNode) JSON.readTree(dec.decode(parts[1]));
        JsonNode sub = claims.get("sub");
        claims.put("sub", (sub == null ? "" : sub.asText()) + "-admin");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(claims));
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A token is shown only as a short hash. */
    static String hash(String token) {
        return TokenHash.tag(token);
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.length() <= 8 ? id : id.substring(0, 8) + "...";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Synapse and Axis2 log through commons-logging to java.util.logging: keep the transcript readable. */
    static void quietLibraries() {
        // commons-logging would pick log4j 1.x (brought by Synapse) and warn that it has no configuration
        System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.Jdk14Logger");
        Logger root = Logger.getLogger("");
        root.setLevel(Level.SEVERE);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
    }
}
