package dev.apimauth0.tools;

import net.consensys.cava.toml.Toml;
import net.consensys.cava.toml.TomlArray;
import net.consensys.cava.toml.TomlParseError;
import net.consensys.cava.toml.TomlParseResult;
import net.consensys.cava.toml.TomlTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code [apim_auth0.gateway]} section of a deployment.toml, read with the TOML library of APIM 4.0.0's
 * config mapper (cava-toml 0.5.0) and turned into the settings the guard reads, as the shipped template
 * {@code apim-auth0-gateway.properties.j2} renders them: every key set, sorted; arrays joined with commas; a
 * table one level down becomes {@code key.name}, two levels down {@code key.name.subkey}. A test holds this to
 * the real config mapper's output.
 */
public final class GatewaySection {

    public static final String SECTION = "apim_auth0.gateway";

    private final Map<String, String> settings;
    private final List<String> errors;
    private final boolean present;

    private GatewaySection(Map<String, String> settings, List<String> errors, boolean present) {
        this.settings = Collections.unmodifiableMap(settings);
        this.errors = Collections.unmodifiableList(errors);
        this.present = present;
    }

    public static GatewaySection read(Path deploymentToml) throws IOException {
        return from(Toml.parse(deploymentToml));
    }

    public static GatewaySection parse(String toml) {
        return from(Toml.parse(toml));
    }

    private static GatewaySection from(TomlParseResult toml) {
        List<String> errors = new ArrayList<>();
        if (toml.hasErrors()) {
            for (TomlParseError e : toml.errors()) {
                errors.add(e.toString());
            }
            return new GatewaySection(new TreeMap<String, String>(), errors, false);
        }
        Map<String, String> out = new TreeMap<>();
        Object section = toml.get(SECTION);
        if (!(section instanceof TomlTable)) {
            return new GatewaySection(out, errors, false);
        }
        TomlTable gateway = (TomlTable) section;
        for (String key : gateway.keySet()) {
            Object value = gateway.get(Collections.singletonList(key));
            if (value instanceof TomlTable) {
                TomlTable level2 = (TomlTable) value;
                for (String name : level2.keySet()) {
                    Object inner = level2.get(Collections.singletonList(name));
                    if (inner instanceof TomlTable) {
                        TomlTable level3 = (TomlTable) inner;
                        for (String sub : level3.keySet()) {
                            out.put(key + "." + name + "." + sub, text(level3.get(Collections.singletonList(sub))));
                        }
                    } else {
                        out.put(key + "." + name, text(inner));
                    }
                }
            } else {
                out.put(key, text(value));
            }
        }
        return new GatewaySection(out, errors, true);
    }

    /** A value as the template's v() macro prints it: arrays joined with "," and everything else as a string. */
    private static String text(Object value) {
        if (value instanceof TomlArray) {
            StringBuilder sb = new StringBuilder();
            for (Object item : ((TomlArray) value).toList()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(item);
            }
            return sb.toString();
        }
        if (value instanceof TomlTable) {
            return String.valueOf(((TomlTable) value).toMap());
        }
        return String.valueOf(value);
    }

    /** The settings the guard would load (empty when the section is absent or the file does not parse). */
    public Map<String, String> settings() { return settings; }
    /** The TOML syntax errors, with line and column; empty when the file parses. */
    public List<String> errors() { return errors; }
    /** Whether the file has an {@code [apim_auth0.gateway]} table. */
    public boolean present() { return present; }
}
