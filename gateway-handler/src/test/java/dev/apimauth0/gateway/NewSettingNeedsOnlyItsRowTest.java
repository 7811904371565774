package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apache.commons.logging.LogFactory;
import org.apache.synapse.SynapseException;
import org.apache.synapse.config.xml.PropertyHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.apimauth0.codegen.GatewaySettingSettersSource;
import dev.apimauth0.core.config.GatewaySetting;

/**
 * A new gateway setting needs its row in core's table and nothing in this module: the table's source with one more
 * row is compiled, the build's generator writes the setters from it, and the handler classes this module built, as
 * they are, then take the new property through Synapse's PropertyHelper.setInstanceProperty (what the WSO2 fork's
 * APIFactory.defineHandler and SynapseHandlersLoader.populateParameters call per property; Apache 2.1.0's, on this
 * class path, looks the setter up the same way, by name in {@code getClass().getMethods()}), with exactly one setter
 * per row.
 */
class NewSettingNeedsOnlyItsRowTest {

    private static final Path TABLE_SOURCE = Paths.get(System.getProperty("apim.auth0.settings.table",
            "../core/src/main/java/dev/apimauth0/core/config/GatewaySetting.java"));

    private static final String ALL_LIST = "ALL = Collections.unmodifiableList(Arrays.asList(";

    private static final String NEW_ROW = "    public static final GatewaySetting PROBE_EXTRA_KEY = handler(\"probe_extra_key\", "
            + "\"(none)\", null, \"A row the test adds.\");\n\n";

    @TempDir
    Path work;

    @Test
    void aRowAddedToTheTableGetsASetterSynapseFinds() throws Exception {
        Path table = compileTableWithNewRow(work.resolve("table"));
        URL[] generatorPath = {url(table), location(GatewaySetting.class), location(GatewaySettingSettersSource.class)};
        Path generated = work.resolve("generated");
        try (URLClassLoader generator = new ProjectFirst(generatorPath)) {
            generator.loadClass(GatewaySettingSettersSource.class.getName()).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {generated.toString()});
        }
        Path setters = work.resolve("setters");
        compile(setters, Arrays.asList(table, path(GatewaySetting.class), path(Auth0TokenGuardHandler.class)),
                generated.resolve("dev/apimauth0/gateway/GatewaySettingSetters.java"));

        // the handlers as this module built them, next to the new table and the regenerated setters
        URL[] gatewayPath = {url(setters), url(table), location(GatewaySetting.class), location(Auth0TokenGuardHandler.class)};
        try (URLClassLoader gateway = new ProjectFirst(gatewayPath)) {
            Class<?> row = gateway.loadClass(GatewaySetting.class.getName());
            List<String> setterNames = new ArrayList<>();
            for (Object setting : (List<?>) row.getField("ALL").get(null)) {
                setterNames.add((String) row.getMethod("setterName").invoke(setting));
            }
            assertThat(setterNames).hasSize(GatewaySetting.ALL.size() + 1).contains("setProbeExtraKey");
            Class<?> interfaceClass = gateway.loadClass(GatewaySettingSetters.class.getName());
            Set<String> declared = Arrays.stream(interfaceClass.getDeclaredMethods()).map(Method::getName)
                    .filter(n -> n.startsWith("set")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(declared).isEqualTo(new TreeSet<>(setterNames));

            for (Class<?> shipped : Arrays.asList(Auth0TokenGuardHandler.class, Auth0TokenGuardSynapseHandler.class)) {
                Class<?> handlerClass = gateway.loadClass(shipped.getName());
                assertThat(handlerClass).isNotSameAs(shipped);
                for (String setter : setterNames) {
                    assertThat(Arrays.stream(handlerClass.getMethods()).filter(m -> m.getName().equals(setter)))
                            .as(shipped.getSimpleName() + "." + setter).hasSize(1);
                }
                Object handler = handlerClass.getConstructor().newInstance();
                PropertyHelper.setInstanceProperty("probeExtraKey", "probe-value", handler);
                PropertyHelper.setInstanceProperty("clockLeewaySeconds", "7", handler);
                assertThat(effectiveSettings(handler)).containsEntry("probe_extra_key", "probe-value")
                        .containsEntry("clock_leeway_seconds", "7").hasSize(2);
            }
        }
    }

    @Test
    void withoutTheNewRowTheBuiltHandlersHaveNoSetterForIt() {
        // the control: the same property on the handlers built from today's table fails the load
        assertThatThrownBy(() -> PropertyHelper.setInstanceProperty("probeExtraKey", "x", new Auth0TokenGuardSynapseHandler()))
                .isInstanceOf(SynapseException.class);
    }

    /** The table's source with {@link #NEW_ROW} declared and listed in ALL, compiled against core. */
    private Path compileTableWithNewRow(Path out) throws IOException {
        String source = new String(Files.readAllBytes(TABLE_SOURCE), StandardCharsets.UTF_8);
        int list = source.indexOf(ALL_LIST);
        assertThat(list).as(TABLE_SOURCE + " declares " + ALL_LIST).isPositive();
        int declaration = source.lastIndexOf("\n", source.lastIndexOf("public static final", list)) + 1;
        String edited = source.substring(0, declaration) + NEW_ROW + source.substring(declaration, list + ALL_LIST.length())
                + "PROBE_EXTRA_KEY, " + source.substring(list + ALL_LIST.length());
        Path file = work.resolve("table-source/dev/apimauth0/core/config/GatewaySetting.java");
        Files.createDirectories(file.getParent());
        Files.write(file, edited.getBytes(StandardCharsets.UTF_8));
        compile(out, Arrays.asList(path(GatewaySetting.class), path(LogFactory.class)), file);
        return out;
    }

    private static void compile(Path out, List<Path> classpath, Path source) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        int status = javac.run(null, null, null, "-d", out.toString(), "-classpath", cp, "-proc:none",
                source.toString());
        assertThat(status).as("javac " + source).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> effectiveSettings(Object handler) throws Exception {
        Field core = handler.getClass().getDeclaredField("core");
        core.setAccessible(true);
        Object handlerCore = core.get(handler);
        Field settings = handlerCore.getClass().getDeclaredField("settings");
        settings.setAccessible(true);
        Object gatewaySettings = settings.get(handlerCore);
        Method resolve = gatewaySettings.getClass().getDeclaredMethod("resolve");
        resolve.setAccessible(true);
        return (Map<String, String>) resolve.invoke(gatewaySettings);
    }

    private static Path path(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URL url(Path dir) throws IOException {
        return dir.toUri().toURL();
    }

    /**
     * Loads the project's classes from its own path first, so the edited table and the regenerated setters stand in
     * for the built ones (a package's classes must come from one loader); Synapse, the JDK and libraries come from
     * the test's class path.
     */
    private static final class ProjectFirst extends URLClassLoader {

        ProjectFirst(URL[] path) {
            super(path, NewSettingNeedsOnlyItsRowTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.apimauth0.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
