package dev.apimauth0.tools;

import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tenant-tools.sh doctor | setup | register-key-manager [options]}. Prints a table of checks or steps (✓/✗,
 * and the fix under each ✗), or JSON with {@code --json}. Exit status: 0 when every row passed, 1 when one
 * failed, 2 when the command could not run (a missing or bad option). No secret or token is ever printed.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "usage: tenant-tools.sh <command> [options]     (every option can also be --name=value)",
            "",
            "  doctor                 check an Auth0 tenant, APIM's machine-to-machine application and a deployment.toml",
            "    --domain D           tenant domain, e.g. your-tenant.eu.auth0.com          (or AUTH0_DOMAIN)",
            "    --client-id ID       APIM's machine-to-machine application                  (or AUTH0_CLIENT_ID)",
            "                         its secret: AUTH0_CLIENT_SECRET, or --client-secret-file FILE",
            "    --api IDENTIFIER     the Auth0 API to check (optional)                      (or AUTH0_AUDIENCE)",
            "    --deployment-toml F  a deployment.toml to check (optional)",
            "",
            "  setup                  create the API, APIM's machine-to-machine application and its Management API grant",
            "    --domain D           tenant domain                                         (or AUTH0_DOMAIN)",
            "                         a Management API token that may create them (Dashboard > APIs > Auth0 Management",
            "                         API > API Explorer): AUTH0_MANAGEMENT_TOKEN, or --management-token-file FILE",
            "    --api IDENTIFIER     the API's identifier                                   (or AUTH0_AUDIENCE)",
            "    --api-name NAME      its name (default: the identifier)",
            "    --scope S            a scope (permission) of the API; repeatable",
            "    --app-name NAME      the application's name (default \"" + Setup.DEFAULT_APP_NAME + "\")",
            "    --secret-file FILE   write the application's client secret to FILE (owner-only); never printed",
            "",
            "  register-key-manager   create or update the Auth0 key manager through APIM's Admin REST API",
            "    --apim URL           APIM's control plane, e.g. https://apim.example.com:9443 (or APIM_URL)",
            "    --admin-user U       an APIM admin (or APIM_ADMIN_USER); password: APIM_ADMIN_PASSWORD, or",
            "                         --admin-password-file FILE; or an Admin API token in APIM_ACCESS_TOKEN",
            "    --domain, --client-id, AUTH0_CLIENT_SECRET / --client-secret-file   as for doctor",
            "    --api IDENTIFIER     api_audience of the key manager (optional)            (or AUTH0_AUDIENCE)",
            "    --allowed-api-audiences LIST   allowed_api_audiences (optional)",
            "    --name NAME          key manager name (default \"" + KeyManagerRegistration.DEFAULT_NAME + "\")",
            "    --type TYPE          key manager type (default \"" + KeyManagerRegistration.DEFAULT_TYPE
                    + "\"; \"apim-auth0\" when takeover_stock_type = false)",
            "    --grant-type G       a grant type of the key manager; repeatable (default client_credentials)",
            "",
            "  every command: --json prints JSON instead of the table",
            "  exit status: 0 all passed, 1 something is wrong (each fix is printed), 2 the command could not run",
            "");

    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("client-secret", "set AUTH0_CLIENT_SECRET or use --client-secret-file");
        SECRETS.put("management-token", "set AUTH0_MANAGEMENT_TOKEN or use --management-token-file");
        SECRETS.put("admin-password", "set APIM_ADMIN_PASSWORD or use --admin-password-file");
        SECRETS.put("token", "set APIM_ACCESS_TOKEN");
    }

    private Main() {
    }

    public static void main(String[] args) throws UnsupportedEncodingException {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        PrintStream err = new PrintStream(System.err, true, "UTF-8");
        System.exit(run(Arrays.asList(args), System.getenv(), out, err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        Report report;
        boolean json;
        try {
            switch (command) {
                case "doctor": {
                    Options o = Options.parse(rest, set("domain", "client-id", "client-secret-file", "api", "deployment-toml"),
                            set("json"), SECRETS, env);
                    json = o.flag("json");
                    report = Doctor.of(Tenant.of(o.value("domain", "AUTH0_DOMAIN")), required(o.value("client-id", "AUTH0_CLIENT_ID"),
                            "--client-id (or AUTH0_CLIENT_ID)"), required(o.secret("client-secret-file", "AUTH0_CLIENT_SECRET"),
                            "the client secret (AUTH0_CLIENT_SECRET or --client-secret-file)"), o.value("api", "AUTH0_AUDIENCE"),
                            existing(o.path("deployment-toml"))).run();
                    break;
                }
                case "setup": {
                    Options o = Options.parse(rest, set("domain", "management-token-file", "api", "api-name", "scope",
                            "app-name", "secret-file"), set("json"), SECRETS, env);
                    json = o.flag("json");
                    report = Setup.of(Tenant.of(o.value("domain", "AUTH0_DOMAIN")), required(o.secret("management-token-file",
                            "AUTH0_MANAGEMENT_TOKEN"), "a Management API token (AUTH0_MANAGEMENT_TOKEN or --management-token-file)"),
                            required(o.value("api", "AUTH0_AUDIENCE"), "--api (or AUTH0_AUDIENCE)"), o.value("api-name", null),
                            o.all("scope"), o.value("app-name", null), o.path("secret-file")).run().report();
                    break;
                }
                case "register-key-manager": {
                    Options o = Options.parse(rest, set("apim", "admin-user", "admin-password-file", "domain", "client-id",
                            "client-secret-file", "api", "allowed-api-audiences", "name", "type", "grant-type"), set("json"),
                            SECRETS, env);
                    json = o.flag("json");
                    report = KeyManagerRegistration.builder()
                            .tenant(Tenant.of(o.value("domain", "AUTH0_DOMAIN")))
                            .clientId(o.value("client-id", "AUTH0_CLIENT_ID"))
                            .clientSecret(o.secret("client-secret-file", "AUTH0_CLIENT_SECRET"))
                            .apiAudience(o.value("api", "AUTH0_AUDIENCE"))
                            .allowedApiAudiences(o.value("allowed-api-audiences", null))
                            .name(o.value("name", null))
                            .type(o.value("type", null))
                            .grantTypes(o.all("grant-type"))
                            .apimUrl(o.value("apim", "APIM_URL"))
                            .adminUser(o.value("admin-user", "APIM_ADMIN_USER"))
                            .adminPassword(o.secret("admin-password-file", "APIM_ADMIN_PASSWORD"))
                            .adminToken(env.get("APIM_ACCESS_TOKEN"))
                            .build()
                            .run();
                    break;
                }
                default:
                    err.println("unknown command \"" + command + "\"");
                    err.print(USAGE_TEXT);
                    return USAGE;
            }
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            err.println("(tenant-tools.sh --help lists the options)");
            return USAGE;
        }
        out.print(json ? report.toJson() : report.toText());
        out.flush();
        return report.ok() ? OK : FAILED;
    }

    private static String required(String value, String what) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    private static Path existing(Path p) {
        if (p != null && !p.toFile().isFile()) {
            throw new IllegalArgumentException("--deployment-toml " + p + " is not a file");
        }
        return p;
    }

    private static Set<String> set(String... names) {
        return new HashSet<>(new ArrayList<>(Arrays.asList(names)));
    }
}
