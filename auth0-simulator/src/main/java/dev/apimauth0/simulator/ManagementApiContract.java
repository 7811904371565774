package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks exchanges the simulator served against Auth0's own OpenAPI 3.1 document of Management API v2, read from
 * {@code shared/auth0/management-api-oas.json} beside the checkout (never copied into the project). JSON Schema
 * validation is com.networknt:json-schema-validator 1.5.x with its OpenAPI 3.1 dialect (the 1.5 line runs on Java 8+
 * with Jackson 2).
 *
 * <p>For each exchange under {@code /api/v2/}: the operation exists; the query parameters are declared and within
 * their schemas; the request body matches; the status is declared; a 2xx body matches its schema; an error body is
 * {@code {statusCode, error, message, errorCode?}} with {@code statusCode} equal to the status; a 429 carries integer
 * {@code x-ratelimit-*} headers. A request that breaks the definition must be refused (any 4xx): accepting it is the
 * violation. A request the definition allows that the simulator refuses with 400 is a violation too, unless listed.
 * Deliberate differences are the {@link ContractException}s in {@link #EXCEPTIONS}, each with its evidence.
 */
public final class ManagementApiContract {

    private static final String BASE = "https://auth0.invalid/management-api-oas.json";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> ERROR_MEMBERS = Set.of("statusCode", "error", "message", "errorCode");

    /** One rule an exchange broke. */
    public static final class Violation {
        private final String operation;
        private final String rule;
        private final String detail;
        private final ServedExchange exchange;

        Violation(String operation, String rule, String detail, ServedExchange exchange) {
            this.operation = operation;
            this.rule = rule;
            this.detail = detail;
            this.exchange = exchange;
        }

        /** {@code METHOD /template}, or the raw request line when no operation matched. */
        public String operation() {
            return operation;
        }

        /** operation, query, request-body, accepted-invalid, refused-valid, status, response-body, error-body, rate-limit */
        public String rule() {
            return rule;
        }

        public String detail() {
            return detail;
        }

        public ServedExchange exchange() {
            return exchange;
        }

        @Override
        public String toString() {
            return rule + " on " + exchange + ": " + detail;
        }
    }

    /** A difference between the simulator and the definition that is deliberate or that real Auth0 shows too. */
    public static final class ContractException {
        private final String name;
        private final String evidence;
        private final String operation;
        private final String rule;
        private final Pattern detail;

        ContractException(String name, String evidence, String operation, String rule, String detailRegex) {
            this.name = name;
            this.evidence = evidence;
            this.operation = operation;
            this.rule = rule;
            this.detail = Pattern.compile(detailRegex, Pattern.DOTALL);
        }

        public String name() {
            return name;
        }

        public String evidence() {
            return evidence;
        }

        boolean covers(Violation v) {
            return (operation.equals("*") || operation.equals(v.operation())) && rule.equals(v.rule())
                    && detail.matcher(v.detail()).find();
        }

        @Override
        public String toString() {
            return name + " (" + evidence + ")";
        }
    }

    /** Every documented difference, in one place. */
    public static final List<ContractException> EXCEPTIONS = List.of(
            new ContractException("PATCH /resource-servers/{id} answers 200",
                    "the definition declares 201; real Auth0 answers 200 (recordings TestResourceServer_Update.yaml, "
                            + "TestClientGrantManager_Update.yaml)",
                    "PATCH /resource-servers/{id}", "status", "^200 "),
            new ContractException("token_lifetime_for_web on resource servers",
                    "not in the definition; real Auth0 accepts it in POST and PATCH /resource-servers and returns it "
                            + "(recordings TestResourceServer_Read.yaml, TestResourceServer_Update.yaml)",
                    "*", "accepted-invalid", "token_lifetime_for_web"),
            new ContractException("injected faults",
                    "5xx replies made by failNext stand for outages; the definition declares no 5xx although Auth0 has them",
                    "*", "status", "injected"),
            new ContractException("injected faults have Auth0's error body",
                    "5xx replies made by failNext stand for outages",
                    "*", "error-body", "injected"),
            new ContractException("404 for an unknown id where the definition lists none",
                    "the definition omits 404 on PATCH /resource-servers/{id} and DELETE /clients/{id}, "
                            + "/client-grants/{id}, /resource-servers/{id}, but declares it on GET of the same paths; "
                            + "Auth0 answers inexistent_* for unknown ids",
                    "*", "status", "^404 .*undeclared"),
            new ContractException("400 for a bad list query",
                    "GET /client-grants declares per_page 1..100 and no 400; Auth0 refuses query validation errors "
                            + "with 400 on its lists (GET /clients and /resource-servers declare it)",
                    "GET /client-grants", "status", "^400 .*undeclared"),
            new ContractException("grant scopes must be defined by the API",
                    "stricter on purpose (auth0-simulator/README.md): a grant may only name scopes its API defines; real "
                            + "Auth0 accepted an undefined one (recording TestClientGrantManager_Update.yaml, PATCH #3)",
                    "*", "refused-valid", "Scopes are not defined by the resource server"),
            new ContractException("grant_types are Auth0's known grant types",
                    "stricter on purpose: the definition types grant_types as strings; its description lists the values",
                    "*", "refused-valid", "on property grant_types"),
            new ContractException("a client grant names its client",
                    "stricter on purpose: the definition allows default_for instead of client_id; the simulator keeps no "
                            + "default grants",
                    "POST /client-grants", "refused-valid", "Missing required property: client_id"),
            new ContractException("a client secret has at least 32 characters",
                    "stricter on purpose: the definition asks for a non-empty string; Auth0 documents 32 as the minimum",
                    "PATCH /clients/{id}", "refused-valid", "minimum 32' on property client_secret"),
            new ContractException("scope values are unique on an API",
                    "stated by Auth0 in words (the dashboard refuses a duplicate permission), not in the schema",
                    "*", "refused-valid", "duplicate scope value"),
            new ContractException("a JSON null body where the definition declares none",
                    "Auth0's Go SDK sends null on GET /clients and rotate-secret and Auth0 answers 200 "
                            + "(recordings TestClient_List.yaml, TestClient_RotateSecret.yaml)",
                    "*", "accepted-invalid", "a request body where the definition declares none: null$"),
            new ContractException("client_metadata values of at most 255 characters",
                    "stated in the words of the definition's ClientMetadata (string values, max 255 chars), not in its schema",
                    "*", "refused-valid", "maximum 255' on property client_metadata"),
            new ContractException("callbacks must be URLs",
                    "the definition's format callback-url is Auth0's own, which a JSON Schema validator does not check "
                            + "(shared/auth0/README.md: callbacks must be URLs)",
                    "*", "refused-valid", "format callback-url"));

    private final JsonNode definition;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final List<Template> templates = new ArrayList<>();

    private static final class Template {
        final String path;
        final Pattern pattern;
        final int literalSegments;

        Template(String path) {
            this.path = path;
            StringBuilder re = new StringBuilder("^");
            int literal = 0;
            for (String seg : path.substring(1).split("/")) {
                re.append('/');
                if (seg.startsWith("{")) {
                    re.append("[^/]+");
                } else {
                    re.append(Pattern.quote(seg));
                    literal++;
                }
            }
            this.pattern = Pattern.compile(re.append('$').toString());
            this.literalSegments = literal;
        }
    }

    private ManagementApiContract(String text) throws IOException {
        this.definition = SimJwt.JSON.readTree(text);
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                .schemaLoaders(l -> l.schemas(Map.of(BASE, text))));
        for (Iterator<String> it = definition.get("paths").fieldNames(); it.hasNext(); ) {
            templates.add(new Template(it.next()));
        }
        // the most literal template wins: /clients/{id}/rotate-secret before /clients/{id}/{other}
        templates.sort((a, b) -> b.literalSegments - a.literalSegments);
    }

    /**
     * The definition beside the checkout: {@code shared/auth0/management-api-oas.json} next to the repository (found
     * from the working directory upwards), or empty.
     */
    public static Optional<Path> locateDefinition() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared").resolve("auth0").resolve("management-api-oas.json");
            if (dir.getParent() != null && Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** The recordings beside the definition ({@code shared/auth0/recordings}), or empty. */
    public static Optional<Path> locateRecordings() {
        return locateDefinition().map(p -> p.resolveSibling("recordings")).filter(Files::isDirectory);
    }

    /** Loads the definition (about 3.7 MB); schemas are compiled on first use. */
    public static ManagementApiContract load(Path definition) throws IOException {
        return new ManagementApiContract(new String(Files.readAllBytes(definition), StandardCharsets.UTF_8));
    }

    /** The definition itself, for tests that read limits from it. */
    public JsonNode definition() {
        return definition;
    }

    /** True when the exchange is a Management API call (the definition covers nothing else). */
    public static boolean isManagementApi(ServedExchange e) {
        return e.rawPath().startsWith("/api/v2/");
    }

    /** Every rule the exchange breaks, before exceptions. */
    public List<Violation> check(ServedExchange e) {
        List<Violation> out = new ArrayList<>();
        String path = e.rawPath().substring("/api/v2".length());
        Template template = null;
        for (Template t : templates) {
            if (t.pattern.matcher(path).matches()) {
                template = t;
                break;
            }
        }
        JsonNode op = template == null ? null : definition.get("paths").get(template.path).get(e.method().toLowerCase());
        if (template == null || op == null || !METHODS.contains(e.method().toLowerCase())) {
            out.add(new Violation(e.method() + " " + e.rawPath(), "operation", "no such operation in the definition", e));
            return out;
        }
        String operation = e.method() + " " + template.path;
        String pointer = "#/paths/" + escape(template.path) + "/" + e.method().toLowerCase();
        boolean refused = e.status() >= 400 && e.status() < 500;

        List<String> requestProblems = new ArrayList<>();
        checkQuery(e, op, pointer, requestProblems);
        checkRequestBody(e, op, pointer, requestProblems);
        JsonNode body = parse(e.responseBody());
        if (!requestProblems.isEmpty()) {
            if (e.status() >= 200 && e.status() < 300) {
                for (String p : requestProblems) {
                    out.add(new Violation(operation, "accepted-invalid", p, e));
                }
            } else if (!refused && !e.injected()) {
                for (String p : requestProblems) {
                    out.add(new Violation(operation, p.startsWith("query") ? "query" : "request-body", p, e));
                }
            }
        } else if (e.status() == 400 && "invalid_body".equals(body == null ? null : body.path("errorCode").asText(null))) {
            out.add(new Violation(operation, "refused-valid", body.path("message").asText(), e));
        }

        JsonNode responses = op.get("responses");
        String status = Integer.toString(e.status());
        if (!responses.has(status) && !responses.has("default")) {
            out.add(new Violation(operation, "status", status + " undeclared (declared: " + fieldNames(responses) + ")"
                    + (e.injected() ? " injected" : ""), e));
        }
        if (e.status() >= 200 && e.status() < 300) {
            // an undeclared success status (an excused 200 for a declared 201) is held to the declared one's schema
            String declared = status;
            for (Iterator<String> it = responses.fieldNames(); it.hasNext() && !responses.has(declared); ) {
                String s = it.next();
                if (s.startsWith("2")) {
                    declared = s;
                }
            }
            JsonNode schema = responses.path(declared).path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                if (body == null) {
                    out.add(new Violation(operation, "response-body", "a " + status + " without a JSON body", e));
                } else {
                    String where = pointer + "/responses/" + declared + "/content/application~1json/schema";
                    for (ValidationMessage m : schema(where).validate(body)) {
                        out.add(new Violation(operation, "response-body", m.getMessage(), e));
                    }
                }
            } else if (!e.responseBody().isEmpty()) {
                out.add(new Violation(operation, "response-body", "a body where the definition declares none", e));
            }
        } else {
            checkErrorBody(e, operation, body, out);
        }
        if (e.status() == 429) {
            for (String h : List.of("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")) {
                String v = header(e, h);
                if (v == null || !v.matches("\\d+")) {
                    out.add(new Violation(operation, "rate-limit", h + " is not an integer: " + v, e));
                }
            }
        }
        return out;
    }

    /** What checking a set of exchanges found. */
    public static final class Report {
        private final int validated;
        private final int otherEndpoints;
        private final Map<String, Integer> excused;
        private final List<Violation> violations;

        Report(int validated, int otherEndpoints, Map<String, Integer> excused, List<Violation> violations) {
            this.validated = validated;
            this.otherEndpoints = otherEndpoints;
            this.excused = excused;
            this.violations = violations;
        }

        /** Management API exchanges checked. */
        public int validated() {
            return validated;
        }

        /** Exchanges with endpoints the definition does not cover (/oauth/token, /.well-known/*). */
        public int otherEndpoints() {
            return otherEndpoints;
        }

        /** How often each documented exception applied. */
        public Map<String, Integer> excused() {
            return excused;
        }

        /** Violations no exception covers. */
        public List<Violation> violations() {
            return violations;
        }

        public String summary() {
            return "Management API contract: " + validated + " exchanges validated against Auth0's definition ("
                    + otherEndpoints + " token/discovery exchanges not covered by it), " + violations.size()
                    + " violations outside the documented exceptions; exceptions applied: " + excused;
        }
    }

    /** Checks every Management API exchange in the list. */
    public Report checkAll(List<ServedExchange> exchanges) {
        int validated = 0;
        int other = 0;
        Map<String, Integer> excused = new LinkedHashMap<>();
        List<Violation> left = new ArrayList<>();
        for (ServedExchange e : exchanges) {
            if (!isManagementApi(e)) {
                other++;
                continue;
            }
            validated++;
            for (Violation v : check(e)) {
                Optional<ContractException> x = exceptionFor(v);
                if (x.isPresent()) {
                    excused.merge(x.get().name(), 1, Integer::sum);
                } else {
                    left.add(v);
                }
            }
        }
        return new Report(validated, other, excused, left);
    }

    /** The exception that covers a violation, if any. */
    public static Optional<ContractException> exceptionFor(Violation v) {
        for (ContractException x : EXCEPTIONS) {
            if (x.covers(v)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /** Whether a request (method, path, query, JSON body) meets the definition; the problems found, empty when it does. */
    public List<String> checkRequest(String method, String rawPath, String rawQuery, String jsonBody) {
        ServedExchange probe = new ServedExchange(method, rawPath, rawQuery, jsonBody == null ? null : "application/json",
                jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8), 400, Map.of(), null, false);
        List<String> out = new ArrayList<>();
        String path = rawPath.substring("/api/v2".length());
        for (Template t : templates) {
            if (t.pattern.matcher(path).matches()) {
                JsonNode op = definition.get("paths").get(t.path).get(method.toLowerCase());
                if (op != null) {
                    String pointer = "#/paths/" + escape(t.path) + "/" + method.toLowerCase();
                    checkQuery(probe, op, pointer, out);
                    checkRequestBody(probe, op, pointer, out);
                    return out;
                }
            }
        }
        out.add("no such operation in the definition");
        return out;
    }

    private void checkQuery(ServedExchange e, JsonNode op, String pointer, List<String> problems) {
        Map<String, String> query = new LinkedHashMap<>();
        if (e.rawQuery() != null && !e.rawQuery().isEmpty()) {
            for (String pair : e.rawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Map<String, Integer> declared = new LinkedHashMap<>();
        JsonNode params = op.path("parameters");
        for (int i = 0; i < params.size(); i++) {
            JsonNode p = params.get(i);
            if ("query".equals(p.path("in").asText())) {
                declared.put(p.get("name").asText(), i);
            }
        }
        for (Map.Entry<String, String> q : query.entrySet()) {
            Integer i = declared.get(q.getKey());
            if (i == null) {
                problems.add("query parameter " + q.getKey() + " is not declared");
                continue;
            }
            JsonNode schemaNode = params.get(i).path("schema");
            JsonNode value = typed(q.getValue(), resolve(schemaNode));
            for (ValidationMessage m : schema(pointer + "/parameters/" + i + "/schema").validate(value)) {
                problems.add("query parameter " + q.getKey() + ": " + m.getMessage());
            }
        }
    }

    private void checkRequestBody(ServedExchange e, JsonNode op, String pointer, List<String> problems) {
        boolean hasBody = !e.requestBody().isEmpty();
        JsonNode content = op.path("requestBody").path("content");
        if (!hasBody) {
            if (op.path("requestBody").path("required").asBoolean(false)) {
                problems.add("request body is required");
            }
            return;
        }
        if (content.isMissingNode()) {
            String head = e.requestBody().trim();
            problems.add("a request body where the definition declares none: " + (head.length() > 20 ? head.substring(0, 20) : head));
            return;
        }
        JsonNode json = parse(e.requestBody());
        if (json == null) {
            problems.add("request body is not JSON");
            return;
        }
        for (ValidationMessage m : schema(pointer + "/requestBody/content/application~1json/schema").validate(json)) {
            problems.add("request body: " + m.getMessage());
        }
    }

    private static void checkErrorBody(ServedExchange e, String operation, JsonNode body, List<Violation> out) {
        String injected = e.injected() ? " injected" : "";
        if (body == null || !body.isObject()) {
            out.add(new Violation(operation, "error-body", "not a JSON object" + injected, e));
            return;
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ERROR_MEMBERS.contains(f)) {
                out.add(new Violation(operation, "error-body", "unexpected member " + f + injected, e));
            }
        }
        if (!body.path("statusCode").isInt() || body.get("statusCode").asInt() != e.status()) {
            out.add(new Violation(operation, "error-body", "statusCode is not " + e.status() + injected, e));
        }
        if (!body.path("error").isTextual() || !body.path("message").isTextual()) {
            out.add(new Violation(operation, "error-body", "error and message must be strings" + injected, e));
        }
        if (body.has("errorCode") && !body.get("errorCode").isTextual()) {
            out.add(new Violation(operation, "error-body", "errorCode must be a string" + injected, e));
        }
    }

    private JsonSchema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(BASE + p)));
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            s = definition.at(ref.substring(1));
        }
        return s;
    }

    /** A query string value as the JSON value the parameter's schema describes. */
    private static JsonNode typed(String raw, JsonNode schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        switch (type) {
            case "integer":
                try {
                    return f.numberNode(Long.parseLong(raw));
                } catch (NumberFormatException e) {
                    return f.textNode(raw);
                }
            case "boolean":
                return raw.equals("true") || raw.equals("false") ? f.booleanNode(Boolean.parseBoolean(raw)) : f.textNode(raw);
            case "array": {
                ArrayNode a = f.arrayNode();
                for (String s : raw.split(",")) {
                    a.add(s);
                }
                return a;
            }
            default:
                return f.textNode(raw);
        }
    }

    private static String header(ServedExchange e, String name) {
        for (Map.Entry<String, String> h : e.responseHeaders().entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return SimJwt.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }

    /** A JSON pointer token as a URI fragment: ~1 for '/', and braces percent-encoded. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
