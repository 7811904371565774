package dev.apimauth0.tools;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar runs on its own (java -jar) and holds only Java 8 bytecode, as APIM 4.0.0's JDK 8 needs. */
class RunnableJarIT {

    private static final String API = "https://orders.example.com/api";

    private static Path jar() {
        return Paths.get(System.getProperty("apim.auth0.tools.jar"));
    }

    @Test
    void everyClassIsJava8Bytecode() throws IOException {
        List<String> newer = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                classes++;
                try (InputStream in = jar.getInputStream(entry)) {
                    DataInputStream data = new DataInputStream(in);
                    data.readInt();
                    data.readUnsignedShort();
                    int major = data.readUnsignedShort();
                    if (major > 52) {
                        newer.add(entry.getName() + " (" + major + ")");
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(100);
        assertThat(newer).isEmpty();
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(jar.getEntry("dev/apimauth0/core/config/GuardSettings.class")).isNotNull();
            assertThat(jar.getEntry("net/consensys/cava/toml/Toml.class")).isNotNull();
            assertThat(jar.getEntry("com/auth0/jwk/JwkProvider.class")).as("the key fetching library stays out").isNull();
        }
    }

    @Test
    void setupThenDoctorRunAsProcessesAndExitWithTheirStatus() throws Exception {
        try (Auth0TenantSimulator sim = Auth0TenantSimulator.start()) {
            String token = TenantFixture.apiExplorerToken(sim);
            Path secret = Files.createTempFile("apim-auth0-secret", "");
            Process setup = run(List.of("setup", "--domain", sim.baseUrl(), "--api", API, "--secret-file", secret.toString()),
                    "AUTH0_MANAGEMENT_TOKEN", token);
            String setupOut = output(setup);
            assertThat(setup.exitValue()).as(setupOut).isZero();
            assertThat(setupOut).contains("\u2713 " + Setup.GRANT).doesNotContain(token);

            String clientSecret = Files.readString(secret);
            String clientId = sim.clients().stream().filter(c -> c.path("name").asText().equals(Setup.DEFAULT_APP_NAME))
                    .findFirst().orElseThrow().path("client_id").asText();
            Process doctor = run(List.of("doctor", "--domain", sim.baseUrl(), "--client-id", clientId, "--api", API),
                    "AUTH0_CLIENT_SECRET", clientSecret);
            String doctorOut = output(doctor);
            assertThat(doctor.exitValue()).as(doctorOut).isZero();
            assertThat(doctorOut).contains("all 9 checks passed").doesNotContain(clientSecret);

            sim.jwksDown(true);
            Process down = run(List.of("doctor", "--domain", sim.baseUrl(), "--client-id", clientId), "AUTH0_CLIENT_SECRET", clientSecret);
            assertThat(output(down)).contains("\u2717 " + Doctor.JWKS);
            assertThat(down.exitValue()).isEqualTo(Main.FAILED);
            Files.delete(secret);
        }
        Process usage = run(List.of("nonsense"), "X", "y");
        output(usage);
        assertThat(usage.exitValue()).isEqualTo(Main.USAGE);
    }

    private static Process run(List<String> args, String envName, String envValue) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AUTH0_") || k.startsWith("APIM_"));
        pb.environment().put(envName, envValue);
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
