package dev.apimauth0.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built zip, the stock APIM 4.0.0 paths the project knows, and fake APIM homes built from them. */
final class ApimHomes {

    static final String STOCK_PATHS_RESOURCE = "/stock-apim-4.0.0-paths.txt";

    private ApimHomes() {
    }

    /** The zip built by this module's package phase (failsafe passes its path). */
    static Path zip() {
        String path = System.getProperty("apim.auth0.zip");
        if (path == null) {
            throw new IllegalStateException("system property apim.auth0.zip is not set: run through `mvn verify`");
        }
        Path zip = Paths.get(path);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("zip not built: " + zip);
        }
        return zip;
    }

    static String version() {
        return System.getProperty("apim.auth0.version", "1.0.0-SNAPSHOT");
    }

    /** Files a stock APIM 4.0.0 pack already has, relative to the APIM home. */
    static List<String> stockPaths() {
        List<String> paths = new ArrayList<>();
        try (InputStream in = ApimHomes.class.getResourceAsStream(STOCK_PATHS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(STOCK_PATHS_RESOURCE + " missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    paths.add(trimmed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /** Names of the zip's entries, directories included (they end in '/'). */
    static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            zf.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    static List<String> fileEntries(Path zip) throws IOException {
        List<String> files = new ArrayList<>();
        for (String name : entries(zip)) {
            if (!name.endsWith("/")) {
                files.add(name);
            }
        }
        return files;
    }

    static byte[] read(Path zip, String entry) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(entry);
            if (e == null) {
                throw new IllegalStateException("no entry " + entry + " in " + zip);
            }
            try (InputStream in = zf.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    /** A directory shaped like an APIM 4.0.0 home: every stock path as a file with recognisable content. */
    static Path fakeHome(Path dir) throws IOException {
        for (String d : new String[] {"repository/components/dropins", "repository/components/lib",
                "repository/components/plugins", "repository/conf", "repository/resources/conf/templates/repository/conf",
                "repository/resources/api_templates", "bin"}) {
            Files.createDirectories(dir.resolve(d));
        }
        for (String path : stockPaths()) {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "stock APIM 4.0.0 file " + path + "\n");
        }
        return dir;
    }

    /** Does what `unzip -o zip` does in the home: every entry written, existing files overwritten. */
    static void unzipOver(Path zip, Path home) throws IOException {
        Path root = home.toAbsolutePath().normalize();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zf.entries())) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("entry escapes the home: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zf.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** Every path under the home: "dir" for directories, the SHA-256 of the content for files. */
    static SortedMap<String, String> snapshot(Path home) throws IOException {
        SortedMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(home)) {
                    continue;
                }
                String rel = home.relativize(p).toString().replace('\\', '/');
                tree.put(rel, Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
            }
        }
        return tree;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
