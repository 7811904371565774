package dev.apimauth0.gateway.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded gateway from the command line, so a client, or a real Auth0 tenant's tokens, can be pointed at
 * it. Without --backend a {@link SampleBackend} is started and used.
 *
 * <pre>
 * java ... dev.apimauth0.gateway.embedded.StandaloneGateway \
 *     --issuer https://TENANT.auth0.com/ --audience https://api.example.com \
 *     [--jwks-uri URL] [--port 8280] [--context /api] [--backend http://127.0.0.1:9000] \
 *     [--setting key=value ...]
 * </pre>
 *
 * Options: --issuer (repeatable; required unless given by --setting issuers=...), --audience (repeatable; likewise),
 * --jwks-uri (default: the issuer's /.well-known/jwks.json), --port (default 8280; 0 = any free port),
 * --context (API context, default /api), --backend (default: a sample backend on a free port),
 * --setting key=value for any other gateway key (auth0_only_paths, required_scopes, clock_leeway_seconds, ...).
 */
public final class StandaloneGateway {

    private StandaloneGateway() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        int port = 8280;
        String context = "/api";
        String backend = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--issuer" -> append(settings, "issuers", value(args, ++i, a));
                    case "--audience" -> append(settings, "audiences", value(args, ++i, a));
                    case "--jwks-uri" -> settings.put("jwks_uri", value(args, ++i, a));
                    case "--port" -> port = parsePort(value(args, ++i, a));
                    case "--context" -> context = value(args, ++i, a);
                    case "--backend" -> backend = value(args, ++i, a);
                    case "--setting" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--setting: expected key=value, got " + kv);
                        }
                        settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                    case "--help", "-h" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        }

        SampleBackend sample = null;
        if (backend == null) {
            sample = SampleBackend.start(0);
            backend = sample.url();
            System.out.println("sample backend on " + backend);
        }
        EmbeddedGateway gateway;
        try {
            gateway = EmbeddedGateway.builder().port(port).apiContext(context).backendUrl(backend)
                    .settings(settings).start();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            if (sample != null) {
                sample.close();
            }
            System.exit(1);
            return;
        }
        System.out.println("gateway listening on " + gateway.apiUrl() + " -> " + backend);
        System.out.println("try: curl -i -H 'Authorization: Bearer <token>' " + gateway.apiUrl() + "/hello");
        CountDownLatch stop = new CountDownLatch(1);
        SampleBackend sampleToClose = sample;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            if (sampleToClose != null) {
                sampleToClose.close();
            }
            stop.countDown();
        }, "gateway-shutdown"));
        stop.await();
    }

    private static void append(Map<String, String> settings, String key, String value) {
        settings.merge(key, value, (a, b) -> a + "," + b);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + ": missing value");
        }
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port: must be 0..65535, got " + s);
        }
    }

    private static void usage() {
        System.err.println("""
                usage: StandaloneGateway --issuer URL --audience AUD [options]
                  --issuer URL        trusted issuer (repeatable), e.g. https://TENANT.auth0.com/
                  --audience AUD      accepted audience (repeatable)
                  --jwks-uri URL      JWKS URL (default: issuer + .well-known/jwks.json)
                  --port N            listen port on 127.0.0.1 (default 8280, 0 = any free port)
                  --context PATH      API context (default /api)
                  --backend URL       backend base URL (default: a built-in sample backend)
                  --setting KEY=VAL   any other gateway key, e.g. auth0_only_paths=/api/secure
                                      or required_scopes=/api/admin=orders:admin (repeatable)""");
    }
}
