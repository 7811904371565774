package dev.apimauth0.gateway;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.apimauth0.core.config.GatewaySetting;
import dev.apimauth0.core.config.InvalidSettingException;

/**
 * The settings of one handler instance: the gateway properties file, overridden by the handler's own properties.
 * Keys are the snake_case gateway keys; handler properties arrive through the camelCase setters of
 * {@link GatewaySettingSetters}.
 */
final class GatewaySettings {

    static final String CONFIG_FILE_KEY = GatewaySetting.CONFIG_FILE.name();

    private static final String CARBON_HOME = "${carbon.home}/";

    /** Relative to carbon.home. */
    static final String DEFAULT_CONFIG_FILE = GatewaySetting.CONFIG_FILE.defaultValue().substring(CARBON_HOME.length());

    /** A key prefix the file may carry (it mirrors the deployment.toml section); stripped on load. */
    static final String FILE_KEY_PREFIX = "apim_auth0.gateway.";

    private final Map<String, String> overrides = new LinkedHashMap<String, String>();
    private String configFile;

    /** A handler property; {@code config_file} names the file, every other key overrides the file's value. */
    void set(GatewaySetting setting, String value) {
        if (setting == GatewaySetting.CONFIG_FILE) {
            setConfigFile(value);
        } else {
            set(setting.name(), value);
        }
    }

    synchronized void set(String key, String value) {
        if (value == null) {
            overrides.remove(key);
        } else {
            overrides.put(key, value.trim());
        }
    }

    synchronized void setConfigFile(String path) {
        this.configFile = path == null || path.trim().isEmpty() ? null : path.trim();
    }

    /**
     * The effective settings: the file (when present), then the handler properties on top. A config file named
     * explicitly must exist; the default one may be absent when the handler properties carry everything.
     *
     * @throws InvalidSettingException naming {@code config_file} when the file cannot be read
     */
    synchronized Map<String, String> resolve() {
        Map<String, String> effective = new TreeMap<String, String>();
        File file = configFile != null ? new File(configFile) : defaultFile();
        if (file != null && file.isFile()) {
            effective.putAll(read(file));
        } else if (configFile != null) {
            throw new InvalidSettingException(CONFIG_FILE_KEY, "file not found or not a regular file", configFile);
        }
        effective.putAll(overrides);
        return effective;
    }

    /** Where the settings came from, for the log line at start-up (never values). */
    synchronized String describeSources() {
        File file = configFile != null ? new File(configFile) : defaultFile();
        List<String> parts = new ArrayList<String>();
        if (file != null && file.isFile()) {
            parts.add("file " + file.getPath());
        }
        if (!overrides.isEmpty()) {
            parts.add("handler properties " + overrides.keySet());
        }
        return parts.isEmpty() ? "no settings" : String.join(" + ", parts);
    }

    private static File defaultFile() {
        String home = System.getProperty("carbon.home");
        return home == null || home.isEmpty() ? null : new File(home, DEFAULT_CONFIG_FILE);
    }

    private static Map<String, String> read(File file) {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(file);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(CONFIG_FILE_KEY, "cannot be read (" + e.getClass().getSimpleName() + ")",
                    file.getPath());
        }
        Map<String, String> values = new LinkedHashMap<String, String>();
        for (String name : props.stringPropertyNames()) {
            String key = name.startsWith(FILE_KEY_PREFIX) ? name.substring(FILE_KEY_PREFIX.length()) : name;
            values.put(key, props.getProperty(name).trim());
        }
        return values;
    }
}
