package dev.apimauth0.distribution;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.wso2.config.mapper.ConfigParser;

/**
 * Runs the config mapper APIM 4.0.0 runs at startup (org.wso2.config.mapper 1.0.18) over a temporary APIM home
 * holding the zip's templates, minimal resources/conf json files and a given deployment.toml.
 */
final class ConfigMapperRun {

    static final String TEMPLATES = "repository/resources/conf/templates/";
    static final String GATEWAY_FILE = "repository/conf/apim-auth0-gateway.properties";
    static final String CONNECTOR_FILE = "repository/conf/apim-auth0-connector.properties";

    final Path home;

    private ConfigMapperRun(Path home) {
        this.home = home;
    }

    /** Lays out the home and renders; the caller reads the results. */
    static ConfigMapperRun render(Path zip, Path home, String deploymentToml) throws Exception {
        Path resources = home.resolve("repository/resources/conf");
        Files.createDirectories(resources);
        Files.createDirectories(home.resolve("repository/conf"));
        // the mapper reads these five; empty objects mean "no stock mappings, inferences, defaults or checks"
        for (String f : new String[] {"default.json", "infer.json", "key-mappings.json", "unit-resolve.json",
                "validator.json"}) {
            Files.writeString(resources.resolve(f), "{}");
        }
        int templates = 0;
        for (String entry : ApimHomes.fileEntries(zip)) {
            if (entry.startsWith(TEMPLATES)) {
                Path target = home.resolve(entry);
                Files.createDirectories(target.getParent());
                Files.write(target, ApimHomes.read(zip, entry));
                templates++;
            }
        }
        if (templates == 0) {
            throw new IllegalStateException("no templates in " + zip);
        }
        Path toml = home.resolve("repository/conf/deployment.toml");
        Files.writeString(toml, deploymentToml);
        ConfigParser.parse(toml.toString(), resources.toString(), home.toString());
        return new ConfigMapperRun(home);
    }

    String text(String file) throws IOException {
        return Files.readString(home.resolve(file), StandardCharsets.UTF_8);
    }

    /** The rendered file as the handlers read it (java.util.Properties over UTF-8), in file order. */
    Map<String, String> properties(String file) throws IOException {
        return load(text(file));
    }

    static Map<String, String> load(String text) throws IOException {
        Properties props = new Properties();
        try (Reader r = new StringReader(text)) {
            props.load(r);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }
}
