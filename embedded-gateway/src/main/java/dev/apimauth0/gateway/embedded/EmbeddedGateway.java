package dev.apimauth0.gateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.axis2.description.TransportInDescription;
import org.apache.http.nio.reactor.ListenerEndpoint;
import org.apache.http.nio.reactor.ListeningIOReactor;
import org.apache.synapse.ServerConfigurationInformation;
import org.apache.synapse.ServerContextInformation;
import org.apache.synapse.ServerManager;
import org.apache.synapse.ServerState;
import org.apache.synapse.config.SynapseConfiguration;
import org.apache.synapse.rest.API;
import org.apache.synapse.rest.Handler;

/**
 * Apache Synapse 3.0.1 running in this JVM as a small API gateway: one REST API, guarded by
 * {@code dev.apimauth0.gateway.Auth0TokenGuardHandler}, proxying to a backend; listener on 127.0.0.1.
 *
 * <p><b>How settings reach the handler.</b> Apache Synapse 3.0.1 does not apply a handler's {@code <property>}
 * children, so the guard settings (snake_case gateway keys) are written, exactly as APIM's config mapper renders
 * them from deployment.toml, to {@code <carbon.home>/repository/conf/apim-auth0-gateway.properties} under a
 * temporary carbon.home of this gateway. The system property {@code carbon.home} points there while the engine
 * starts (the handler reads the file in {@code init}, during start) and is restored afterwards; starts are
 * serialised so several gateways in one JVM each get their own file.
 *
 * <p>Test and demo only: the WSO2-only handler base classes come from the compile-time declarations module.
 */
public final class EmbeddedGateway implements AutoCloseable {

    private static final Object START_LOCK = new Object();
    static final String SETTINGS_FILE = "repository/conf/apim-auth0-gateway.properties";
    /** The claims the guard verified, from the message-context properties it sets, as headers for the backend. */
    private static final String CLAIM_HEADERS_XML = ""
            + "        <filter xpath=\"get-property('apim_auth0.sub') != ''\">\n"
            + "          <header name=\"X-Apim-Auth0-Sub\" scope=\"transport\" expression=\"get-property('apim_auth0.sub')\"/>\n"
            + "          <header name=\"X-Apim-Auth0-Scope\" scope=\"transport\" expression=\"get-property('apim_auth0.scope')\"/>\n"
            + "        </filter>\n";

    private final ServerManager serverManager;
    private final Path home;
    private final int port;
    private final String context;
    private java.util.List<org.apache.synapse.SynapseHandler> globalHandlers = java.util.List.of();

    private EmbeddedGateway(ServerManager serverManager, Path home, int port, String context) {
        this.serverManager = serverManager;
        this.home = home;
        this.port = port;
        this.context = context;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder options; see {@link StandaloneGateway} for the same options on the command line. */
    public static final class Builder {
        private int port;
        private String backendUrl;
        private String apiContext = "/api";
        private String apiName = "guarded-api";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private boolean apiHandler = true;
        private boolean claimHeaders = true;
        private final java.util.List<String> handlersBefore = new java.util.ArrayList<>();
        private final Map<String, String> apiHandlerProperties = new LinkedHashMap<>();
        private final java.util.List<GlobalHandlerSpec> globalHandlers = new java.util.ArrayList<>();

        /** Listener port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Backend base URL; the request path below the API context is appended. */
        public Builder backendUrl(String url) {
            this.backendUrl = url;
            return this;
        }

        /** The API context, e.g. {@code /orders}. */
        public Builder apiContext(String context) {
            if (context == null || !context.startsWith("/") || context.length() < 2) {
                throw new IllegalArgumentException("apiContext: must start with / and name a path, got " + context);
            }
            this.apiContext = context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
            return this;
        }

        public Builder apiName(String name) {
            this.apiName = name;
            return this;
        }

        /** One guard setting, by its snake_case gateway key (as in deployment.toml's [apim_auth0.gateway]). */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder settings(Map<String, String> values) {
            settings.putAll(values);
            return this;
        }

        /** false leaves the API-level guard handler out of the API (to test the global handler alone). */
        public Builder apiHandler(boolean enabled) {
            this.apiHandler = enabled;
            return this;
        }

        /**
         * false leaves out the API's mediation that copies the verified claims ({@code apim_auth0.sub},
         * {@code apim_auth0.scope}) into X-Apim-Auth0-Sub / X-Apim-Auth0-Scope headers for the backend. That
         * mediation (an XPath filter and two header mediators) runs only when the guard set the properties, so a load
         * test comparing guard on and off leaves it out on both sides to measure the guard, not the API's mediation.
         */
        public Builder claimHeaders(boolean forward) {
            this.claimHeaders = forward;
            return this;
        }

        /** An API handler class that runs before the guard, as APIM's CORS handler runs before authentication. */
        public Builder apiHandlerBefore(String className) {
            handlersBefore.add(className);
            return this;
        }

        /**
         * A {@code <property>} of the API-level guard handler, as APIM's velocity template writes it. Apache Synapse
         * 3.0.1 does not apply handler properties, so the gateway applies them after start the way WSO2's
         * APIFactory.defineHandler does: addProperty, then the bean setter through config.xml.PropertyHelper.
         */
        public Builder apiHandlerProperty(String name, String value) {
            apiHandlerProperties.put(name, value);
            return this;
        }

        /**
         * A global handler, run at the engine's entry for every message as WSO2's Axis2SynapseEnvironment.injectMessage
         * runs {@code [synapse_handlers]} before API dispatch. It is created as the fork's SynapseHandlersLoader
         * creates one (no-argument constructor, setName, then each parameter through addProperty and its bean
         * setter). Its configFile defaults to this gateway's settings file.
         */
        public Builder globalHandler(String name, String className, Map<String, String> parameters) {
            globalHandlers.add(new GlobalHandlerSpec(name, className, new LinkedHashMap<>(parameters)));
            return this;
        }

        /**
         * Starts the gateway.
         *
         * @throws IllegalStateException when Synapse does not start, e.g. because the handler rejected its settings
         *                               (the cause's message names the key and the reason)
         */
        public EmbeddedGateway start() {
            if (backendUrl == null) {
                throw new IllegalArgumentException("backendUrl: required");
            }
            Path home;
            try {
                home = Files.createTempDirectory("apim-auth0-gateway-");
                Path conf = home.resolve("repository/conf");
                Files.createDirectories(conf);
                Files.writeString(conf.resolve("axis2.xml"), resource("axis2.xml")
                        .replace("@PORT@", Integer.toString(port)));
                Files.writeString(conf.resolve("synapse.xml"), resource("synapse.xml")
                        .replace("@API_NAME@", xml(apiName))
                        .replace("@CONTEXT@", xml(apiContext))
                        .replace("@BACKEND@", xml(stripSlash(backendUrl)))
                        .replace("@CLAIM_HEADERS@", claimHeaders ? CLAIM_HEADERS_XML : "")
                        .replace("@HANDLERS@", handlersXml()));
                writeSettings(home.resolve(SETTINGS_FILE), settings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out the gateway home", e);
            }

            ServerConfigurationInformation info = new ServerConfigurationInformation();
            info.setSynapseHome(home.toString());
            info.setResolveRoot(home.toString());
            info.setAxis2RepoLocation(home.resolve("repository").toString());
            info.setAxis2Xml(home.resolve("repository/conf/axis2.xml").toString());
            info.setSynapseXMLLocation(home.resolve("repository/conf/synapse.xml").toString());
            info.setServerName("apim-auth0-embedded-" + home.getFileName());
            info.setCreateNewInstance(true);

            ServerManager manager = new ServerManager();
            synchronized (START_LOCK) {
                String previousHome = System.getProperty("carbon.home");
                System.setProperty("carbon.home", home.toString());
                try {
                    manager.init(info, new ServerContextInformation(info));
                    ServerState state = manager.start();
                    if (state != ServerState.STARTED) {
                        throw new IllegalStateException("Synapse did not start (state " + state + ")");
                    }
                    if (!apiDeployed(manager, apiName)) {
                        throw new IllegalStateException("API " + apiName + " was not deployed");
                    }
                } catch (RuntimeException e) {
                    safeShutdown(manager);
                    deleteQuietly(home);
                    throw new IllegalStateException("embedded gateway did not start: " + rootMessage(e), e);
                } finally {
                    if (previousHome == null) {
                        System.clearProperty("carbon.home");
                    } else {
                        System.setProperty("carbon.home", previousHome);
                    }
                }
            }
            EmbeddedGateway gateway = new EmbeddedGateway(manager, home, boundPort(manager), apiContext);
            try {
                gateway.applyApiHandlerProperties(apiHandlerProperties);
                gateway.installGlobalHandlers(globalHandlers);
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
            return gateway;
        }

        private String handlersXml() {
            StringBuilder sb = new StringBuilder();
            for (String className : handlersBefore) {
                sb.append("      <handler class=\"").append(xml(className)).append("\"/>\n");
            }
            if (apiHandler) {
                sb.append("      <handler class=\"dev.apimauth0.gateway.Auth0TokenGuardHandler\"/>\n");
            }
            return sb.length() == 0 ? "" : "    <handlers>\n" + sb + "    </handlers>";
        }
    }

    private record GlobalHandlerSpec(String name, String className, Map<String, String> parameters) {
    }

    private void applyApiHandlerProperties(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return;
        }
        for (Handler h : handlers()) {
            if (h instanceof dev.apimauth0.gateway.Auth0TokenGuardHandler guard) {
                properties.forEach((name, value) -> {
                    guard.addProperty(name, value);
                    org.apache.synapse.config.xml.PropertyHelper.setInstanceProperty(name, value, guard);
                });
            }
        }
    }

    private void installGlobalHandlers(java.util.List<GlobalHandlerSpec> specs) {
        java.util.List<org.apache.synapse.SynapseHandler> loaded = new java.util.ArrayList<>();
        for (GlobalHandlerSpec spec : specs) {
            org.apache.synapse.SynapseHandler handler;
            try {
                handler = (org.apache.synapse.SynapseHandler) Class.forName(spec.className())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("global handler " + spec.name() + ": cannot create " + spec.className(), e);
            }
            handler.setName(spec.name());
            Map<String, String> parameters = new LinkedHashMap<>(spec.parameters());
            parameters.putIfAbsent("configFile", home.resolve(SETTINGS_FILE).toString());
            parameters.forEach((name, value) -> {
                handler.addProperty(name, value);
                org.apache.synapse.commons.util.PropertyHelper.setInstanceProperty(name, value, handler);
            });
            loaded.add(handler);
        }
        globalHandlers = java.util.List.copyOf(loaded);
        GlobalHandlerEntry.install(synapseConfiguration().getAxisConfiguration(), synapseEnvironment(), globalHandlers);
    }

    /**
     * A second instance of the API-level guard handler, created as the engine creates the first (no-argument
     * constructor, then each property through addProperty and its bean setter, then init), reading this gateway's
     * settings file with {@code properties} on top, e.g. {@code enabled=false}. It does not run until
     * {@link #useApiHandler} puts it in the API's place of the guard: a load test can then switch the guard of the
     * same running engine between rounds.
     */
    public Handler newApiHandler(Map<String, String> properties) {
        dev.apimauth0.gateway.Auth0TokenGuardHandler handler = new dev.apimauth0.gateway.Auth0TokenGuardHandler();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("configFile", home.resolve(SETTINGS_FILE).toString());
        all.putAll(properties);
        all.forEach((name, value) -> {
            handler.addProperty(name, value);
            org.apache.synapse.config.xml.PropertyHelper.setInstanceProperty(name, value, handler);
        });
        handler.init(synapseEnvironment());
        return handler;
    }

    /**
     * Puts {@code handler} in the place of the API's guard handler (the one the engine loaded, or one from
     * {@link #newApiHandler}) and returns the one it replaces. Call between requests: the next request runs the new
     * handler.
     */
    public Handler useApiHandler(Handler handler) {
        SynapseConfiguration config = serverManager.getServerContextInformation().getSynapseConfiguration();
        API api = config.getAPIs().iterator().next();
        try {
            Field f = API.class.getDeclaredField("handlers");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            java.util.List<Handler> list = (java.util.List<Handler>) f.get(api);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof dev.apimauth0.gateway.Auth0TokenGuardHandler) {
                    return list.set(i, handler);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the API's handlers", e);
        }
        throw new IllegalStateException("the API has no guard handler to replace");
    }

    /** The global handlers running at the engine's entry, in order. */
    public java.util.List<org.apache.synapse.SynapseHandler> globalHandlers() {
        return globalHandlers;
    }

    static void writeSettings(Path file, Map<String, String> settings) throws IOException {
        Properties props = new Properties();
        settings.forEach(props::setProperty);
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Auth0 token guard settings for the embedded gateway");
        }
    }

    /** The port the listener is bound to (the real one when 0 was asked for). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT/CONTEXT}. */
    public String apiUrl() {
        return baseUrl() + context;
    }

    public Path home() {
        return home;
    }

    /** The API handlers Synapse runs, in order (for tests that look at the live handler instances). */
    public java.util.List<Handler> handlers() {
        SynapseConfiguration config = serverManager.getServerContextInformation().getSynapseConfiguration();
        API api = config.getAPIs().iterator().next();
        return java.util.List.of(api.getHandlers());
    }

    /** The engine's Axis2 configuration context (for tests that build message contexts themselves). */
    public org.apache.axis2.context.ConfigurationContext configurationContext() {
        return (org.apache.axis2.context.ConfigurationContext) serverManager.getServerContextInformation().getServerContext();
    }

    public SynapseConfiguration synapseConfiguration() {
        return serverManager.getServerContextInformation().getSynapseConfiguration();
    }

    public org.apache.synapse.core.SynapseEnvironment synapseEnvironment() {
        return serverManager.getServerContextInformation().getSynapseEnvironment();
    }

    @Override
    public void close() {
        for (org.apache.synapse.SynapseHandler h : globalHandlers) {
            if (h instanceof dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler guard) {
                guard.destroy();
            }
        }
        safeShutdown(serverManager);
        deleteQuietly(home);
    }

    private static boolean apiDeployed(ServerManager manager, String name) {
        SynapseConfiguration config = manager.getServerContextInformation().getSynapseConfiguration();
        return config != null && config.getAPI(name) != null;
    }

    /** Reads the bound port from the pass-through listener's reactor (port 0 asks the OS for one). */
    private static int boundPort(ServerManager manager) {
        SynapseConfiguration config = manager.getServerContextInformation().getSynapseConfiguration();
        TransportInDescription in = config.getAxisConfiguration().getTransportsIn().get("http");
        Object listener = in.getReceiver();
        try {
            Field f = listener.getClass().getDeclaredField("ioReactor");
            f.setAccessible(true);
            ListeningIOReactor reactor = (ListeningIOReactor) f.get(listener);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                Set<ListenerEndpoint> endpoints = reactor.getEndpoints();
                for (ListenerEndpoint endpoint : endpoints) {
                    SocketAddress address = endpoint.getAddress();
                    if (address instanceof InetSocketAddress isa && isa.getPort() > 0) {
                        return isa.getPort();
                    }
                }
                Thread.sleep(20);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the listener port", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the HTTP listener did not bind within 10 s");
    }

    private static void safeShutdown(ServerManager manager) {
        try {
            if (manager.isInitialized()) {
                manager.stop();
                manager.shutdown();
            }
        } catch (RuntimeException ignored) {
            // shutting down a half-started engine: nothing more to do
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EmbeddedGateway.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        String msg = t.getMessage();
        while (c != null) {
            if (c.getMessage() != null && c.getMessage().contains("apim_auth0.gateway.")) {
                return c.getMessage();
            }
            if (c.getMessage() != null) {
                msg = c.getMessage();
            }
            c = c.getCause() == c ? null : c.getCause();
        }
        return msg;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files: best effort
        }
    }
}
