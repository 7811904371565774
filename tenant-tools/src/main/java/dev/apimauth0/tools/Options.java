package dev.apimauth0.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's options: {@code --name value} or {@code --name=value}, repeatable ones collected, flags without a
 * value. Values may come from environment variables; secrets come only from the environment or a file, never
 * from the command line, where other users of the host can read them.
 */
final class Options {

    private final Map<String, List<String>> values;
    private final Map<String, String> env;

    private Options(Map<String, List<String>> values, Map<String, String> env) {
        this.values = values;
        this.env = env;
    }

    /**
     * @param valued  options that take a value
     * @param flags   options without one
     * @param secrets option names refused on the command line, each with where the secret goes instead
     */
    static Options parse(List<String> args, Set<String> valued, Set<String> flags, Map<String, String> secrets,
                         Map<String, String> env) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + a + "\"");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (secrets.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + " is not taken on the command line (other users of the "
                        + "host could read it): " + secrets.get(name));
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!valued.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Options(values, env);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The option's last value, else the environment variable's (when one is named), else null. */
    String value(String name, String envVariable) {
        List<String> v = values.get(name);
        if (v != null && !v.isEmpty()) {
            return v.get(v.size() - 1);
        }
        if (envVariable != null) {
            String e = env.get(envVariable);
            return e == null || e.trim().isEmpty() ? null : e.trim();
        }
        return null;
    }

    List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? Collections.<String>emptyList() : Collections.unmodifiableList(v);
    }

    /** A secret: from the file option when given (first line, trimmed), else from the environment variable. */
    String secret(String fileOption, String envVariable) {
        String file = value(fileOption, null);
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
                String s = lines.isEmpty() ? "" : lines.get(0).trim();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException("--" + fileOption + " " + file + " is empty");
                }
                return s;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --" + fileOption + " " + file + ": " + e.getClass().getSimpleName());
            }
        }
        String e = env.get(envVariable);
        return e == null || e.isEmpty() ? null : e.trim();
    }

    Path path(String name) {
        String v = value(name, null);
        return v == null ? null : Paths.get(v);
    }
}
