package dev.apimauth0.tools;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the parts of APIM 4.0.0's control plane that register-key-manager talks to: dynamic client
 * registration, the password grant, and the Admin REST API v2 key-manager resources. Every Admin API request is
 * validated against the 9.0.174 definition (../shared/apim/admin-api.yaml) with a real OpenAPI validator when the
 * file is there; a request that does not conform is refused with 400 and recorded. Saving checks, as APIAdminImpl
 * (9.0.174, ~l.708-755) does, only that the connector's required fields are present.
 */
final class ApimAdminStub implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "admin-password-1234";
    /** The connector's required connection fields (admin-ui-ext's Auth0ConnectorConfiguration). */
    static final List<String> REQUIRED_FIELDS = List.of("client_id", "client_secret", "audience");

    private final HttpServer server;
    private final OpenApiInteractionValidator validator;
    private final Map<String, ObjectNode> keyManagers = new LinkedHashMap<>();
    final List<String> validationErrors = new CopyOnWriteArrayList<>();
    final List<String> issuedSecrets = new CopyOnWriteArrayList<>();
    private final Map<String, String> clients = new LinkedHashMap<>();
    private volatile String accessToken;

    private ApimAdminStub(HttpServer server, OpenApiInteractionValidator validator) {
        this.server = server;
        this.validator = validator;
    }

    /** The definition of record, when the shared folder beside the repository holds it. */
    static Path adminApiDefinition() {
        Path p = Paths.get(System.getProperty("apim.auth0.shared", "../../shared"), "apim", "admin-api.yaml");
        return Files.isRegularFile(p) ? p : null;
    }

    static ApimAdminStub start() throws IOException {
        Path definition = adminApiDefinition();
        OpenApiInteractionValidator validator = definition == null ? null
                : OpenApiInteractionValidator.createForSpecificationUrl(definition.toUri().toString())
                        .withBasePathOverride("/api/am/admin/v2")
                        .build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        ApimAdminStub stub = new ApimAdminStub(server, validator);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    boolean validating() {
        return validator != null;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<JsonNode> keyManagers() {
        return List.copyOf(keyManagers.values());
    }

    /** Validates one Admin API request against the definition; the messages of every error, empty when valid. */
    List<String> validate(String method, String path, String body) {
        if (validator == null) {
            return List.of();
        }
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method), path)
                .withHeader("Authorization", "Bearer x")
                .withAccept("application/json");
        if (body != null) {
            b.withContentType("application/json").withBody(body);
        }
        ValidationReport report = validator.validateRequest(b.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                // the validator reads every schema as closed; KeyManager.additionalProperties is declared
                // "type: object, properties: {}" with connector fields in its example (self_validate_jwt, Username,
                // Password): a free-form map, as the Admin Portal uses it. Everywhere else the closed reading stands.
                .filter(m -> !(m.getKey().equals("validation.request.body.schema.additionalProperties")
                        && m.getMessage().startsWith("[Path '/additionalProperties']")))
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (path.equals("/client-registration/v0.17/register") && method.equals("POST")) {
                if (!basic(USER, PASSWORD).equals(auth)) {
                    send(ex, 401, error(401, "Unauthorized", "invalid credentials"));
                    return;
                }
                JsonNode req = TenantFixture.JSON.readTree(body);
                ObjectNode out = TenantFixture.JSON.createObjectNode();
                String id = UUID.randomUUID().toString().replace("-", "");
                String secret = UUID.randomUUID().toString().replace("-", "");
                synchronized (this) {
                    clients.put(id, secret);
                }
                issuedSecrets.add(secret);
                out.put("clientId", id);
                out.put("clientSecret", secret);
                out.put("clientName", req.path("clientName").asText());
                out.put("isSaasApplication", true);
                out.put("appOwner", req.path("owner").asText());
                send(ex, 200, out);
                return;
            }
            if (path.equals("/oauth2/token") && method.equals("POST")) {
                Map<String, String> form = form(body);
                boolean clientOk;
                synchronized (this) {
                    clientOk = clients.entrySet().stream().anyMatch(e -> basic(e.getKey(), e.getValue()).equals(auth));
                }
                if (!clientOk || !"password".equals(form.get("grant_type")) || !USER.equals(form.get("username"))
                        || !PASSWORD.equals(form.get("password"))) {
                    ObjectNode err = TenantFixture.JSON.createObjectNode();
                    err.put("error", "invalid_grant");
                    err.put("error_description", "Authentication failed for " + form.get("username"));
                    send(ex, 400, err);
                    return;
                }
                if (!String.valueOf(form.get("scope")).contains("apim:admin_operations")) {
                    send(ex, 400, error(400, "invalid_scope", "scope apim:admin_operations not requested"));
                    return;
                }
                accessToken = UUID.randomUUID().toString();
                issuedSecrets.add(accessToken);
                ObjectNode out = TenantFixture.JSON.createObjectNode();
                out.put("access_token", accessToken);
                out.put("scope", form.get("scope"));
                out.put("token_type", "Bearer");
                out.put("expires_in", 3600);
                send(ex, 200, out);
                return;
            }
            if (path.startsWith("/api/am/admin/v2/")) {
                if (accessToken == null || !("Bearer " + accessToken).equals(auth)) {
                    send(ex, 401, error(401, "Unauthorized", "invalid token"));
                    return;
                }
                List<String> errors = validate(method, path, body.isEmpty() ? null : body);
                if (!errors.isEmpty()) {
                    validationErrors.addAll(errors);
                    send(ex, 400, error(400, "Bad Request", String.join("; ", errors)));
                    return;
                }
                admin(ex, method, path.substring("/api/am/admin/v2/".length()), body);
                return;
            }
            send(ex, 404, error(404, "Not Found", path));
        } finally {
            ex.close();
        }
    }

    private synchronized void admin(HttpExchange ex, String method, String path, String body) throws IOException {
        if (path.equals("key-managers") && method.equals("GET")) {
            ObjectNode out = TenantFixture.JSON.createObjectNode();
            ArrayNode list = out.putArray("list");
            for (ObjectNode km : keyManagers.values()) {
                list.addObject().put("id", km.get("id").asText()).put("name", km.get("name").asText())
                        .put("type", km.get("type").asText()).put("enabled", km.path("enabled").asBoolean(true));
            }
            out.put("count", list.size());
            send(ex, 200, out);
            return;
        }
        if (path.equals("key-managers") && method.equals("POST")) {
            ObjectNode km = (ObjectNode) TenantFixture.JSON.readTree(body);
            for (ObjectNode other : keyManagers.values()) {
                if (other.get("name").asText().equals(km.path("name").asText())) {
                    send(ex, 409, error(409, "Conflict", "Key manager " + km.path("name").asText() + " already exists"));
                    return;
                }
            }
            String missing = missingFields(km);
            if (missing != null) {
                send(ex, 400, error(400, "Bad Request", "Required field " + missing + " not provided"));
                return;
            }
            km.put("id", UUID.randomUUID().toString());
            keyManagers.put(km.get("id").asText(), km);
            send(ex, 201, km);
            return;
        }
        if (path.startsWith("key-managers/")) {
            String id = path.substring("key-managers/".length());
            ObjectNode stored = keyManagers.get(id);
            if (stored == null) {
                send(ex, 404, error(404, "Not Found", "Key Manager not found"));
                return;
            }
            if (method.equals("GET")) {
                send(ex, 200, stored);
                return;
            }
            if (method.equals("PUT")) {
                ObjectNode km = (ObjectNode) TenantFixture.JSON.readTree(body);
                String missing = missingFields(km);
                if (missing != null) {
                    send(ex, 400, error(400, "Bad Request", "Required field " + missing + " not provided"));
                    return;
                }
                km.put("id", id);
                keyManagers.put(id, km);
                send(ex, 200, km);
                return;
            }
        }
        send(ex, 404, error(404, "Not Found", path));
    }

    private static String missingFields(JsonNode km) {
        for (String f : REQUIRED_FIELDS) {
            if (km.path("additionalProperties").path(f).asText("").isEmpty()) {
                return f;
            }
        }
        return null;
    }

    private static ObjectNode error(int code, String message, String description) {
        ObjectNode e = TenantFixture.JSON.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        e.put("description", description);
        return e;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = TenantFixture.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
