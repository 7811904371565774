package dev.apimauth0.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The module README's table of parts names every main source file of the module, and only files that exist. */
class ModuleReadmeTest {

    private static final Path SOURCES = Paths.get("src/main/java/dev/apimauth0/simulator");

    @Test
    void thePartsTableNamesEveryMainFileAndNoOther() throws IOException {
        String readme = Files.readString(Paths.get("README.md"));
        int start = readme.indexOf("## Parts");
        assertThat(start).as("README.md has a Parts section").isNotNegative();
        Set<String> named = new TreeSet<>();
        for (String line : readme.substring(start).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = Pattern.compile("`([A-Z][A-Za-z0-9]*)`").matcher(line.substring(0, line.indexOf(" |", 2)));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        Set<String> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        files.remove("Auth0TenantSimulator"); // the facade, described above the table
        assertThat(named).as("parts named in README.md").isEqualTo(files);
    }
}
