package dev.apimauth0.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the zip over a directory shaped like an APIM 4.0.0 home the way INSTALL.md says (unzip over the home),
 * twice, then follows the documented uninstall (sh apim-auth0/uninstall.sh): the tree must be what it was.
 */
class InstallIT {

    @TempDir
    Path tmp;

    @Test
    void installTwiceThenUninstallRestoresTheTree() throws Exception {
        Path zip = ApimHomes.zip();
        Path home = ApimHomes.fakeHome(tmp.resolve("wso2am-4.0.0"));
        SortedMap<String, String> before = ApimHomes.snapshot(home);

        ApimHomes.unzipOver(zip, home);
        SortedMap<String, String> installed = ApimHomes.snapshot(home);

        // every stock file untouched; what is new is exactly the zip's entries
        for (String path : before.keySet()) {
            assertThat(installed.get(path)).as("stock path " + path + " after install").isEqualTo(before.get(path));
        }
        SortedMap<String, String> added = new TreeMap<>(installed);
        added.keySet().removeAll(before.keySet());
        List<String> zipPaths = new ArrayList<>();
        for (String entry : ApimHomes.entries(zip)) {
            zipPaths.add(entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
        }
        assertThat(zipPaths).containsAll(added.keySet());
        assertThat(added.keySet()).containsAll(ApimHomes.fileEntries(zip));

        // idempotent
        ApimHomes.unzipOver(zip, home);
        assertThat(ApimHomes.snapshot(home)).as("tree after a second unzip").isEqualTo(installed);

        // what APIM renders from our templates at startup
        Files.writeString(home.resolve("repository/conf/apim-auth0-gateway.properties"), "issuers = https://t/\n");
        Files.writeString(home.resolve("repository/conf/apim-auth0-connector.properties"), "takeover_stock_type = true\n");

        String out = uninstall(home);
        assertThat(out).contains("removed repository/components/dropins/apim-auth0-gateway-handler-");
        assertThat(ApimHomes.snapshot(home)).as("tree after uninstall").isEqualTo(before);
    }

    @Test
    void uninstallBeforeAnyStartRestoresTheTreeToo() throws Exception {
        Path home = ApimHomes.fakeHome(tmp.resolve("wso2am-4.0.0"));
        SortedMap<String, String> before = ApimHomes.snapshot(home);
        ApimHomes.unzipOver(ApimHomes.zip(), home);
        assertThat(ApimHomes.snapshot(home)).isNotEqualTo(before);

        uninstall(home);
        assertThat(ApimHomes.snapshot(home)).isEqualTo(before);
    }

    @Test
    void uninstallLeavesFilesThatAreNotOursAlone() throws Exception {
        Path home = ApimHomes.fakeHome(tmp.resolve("wso2am-4.0.0"));
        ApimHomes.unzipOver(ApimHomes.zip(), home);
        // an operator's own file next to ours, and a stock-named file, must survive
        Files.writeString(home.resolve("repository/components/dropins/customer-bundle-1.0.jar"), "theirs");
        SortedMap<String, String> withTheirs = ApimHomes.snapshot(home);

        // run from elsewhere, by absolute path: the script finds the home from its own location
        uninstall(tmp, home.resolve("apim-auth0/uninstall.sh").toAbsolutePath().toString());
        SortedMap<String, String> after = ApimHomes.snapshot(home);
        assertThat(after).containsEntry("repository/components/dropins/customer-bundle-1.0.jar",
                withTheirs.get("repository/components/dropins/customer-bundle-1.0.jar"));
        for (String stock : ApimHomes.stockPaths()) {
            assertThat(after).containsKey(stock);
        }
        assertThat(after.keySet()).noneMatch(p -> p.startsWith("apim-auth0") || p.contains("/apim-auth0-"));
    }

    /** Runs the documented command `sh apim-auth0/uninstall.sh` in the home; returns its output. */
    private static String uninstall(Path home) throws IOException, InterruptedException {
        return uninstall(home, "apim-auth0/uninstall.sh");
    }

    private static String uninstall(Path workingDir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", script)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("uninstall finished").isTrue();
        assertThat(p.exitValue()).as("uninstall exit status; output:\n" + out).isZero();
        return out;
    }
}
