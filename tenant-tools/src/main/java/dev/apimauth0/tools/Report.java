package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command found or did: a title, the rows in order, and blocks of text to paste (Admin Portal values,
 * deployment.toml sections). Rendered as a table with ✓/✗ and the fix under each ✗, or as JSON. Immutable once
 * built.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WRAP = 100;

    private final String command;
    private final String title;
    private final List<Check> checks;
    private final Map<String, String> blocks;

    private Report(Builder b) {
        this.command = b.command;
        this.title = b.title;
        this.checks = Collections.unmodifiableList(new ArrayList<>(b.checks));
        this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(b.blocks));
    }

    public static Builder builder(String command, String title) {
        return new Builder(command, title);
    }

    public String command() { return command; }
    public String title() { return title; }
    public List<Check> checks() { return checks; }
    /** Named blocks of text to paste, in order. */
    public Map<String, String> blocks() { return blocks; }

    /** True when every row passed. */
    public boolean ok() {
        for (Check c : checks) {
            if (!c.ok()) {
                return false;
            }
        }
        return true;
    }

    /** The row with this name, or null. */
    public Check check(String name) {
        for (Check c : checks) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The table: one line per row, the fix indented under each ✗, then the blocks, then a verdict. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(command).append(": ").append(title).append('\n').append('\n');
        int width = 0;
        for (Check c : checks) {
            width = Math.max(width, c.name().length());
        }
        for (Check c : checks) {
            sb.append("  ").append(c.ok() ? '\u2713' : '\u2717').append(' ').append(pad(c.name(), width));
            appendWrapped(sb, c.detail(), "  ", 6 + width);
            if (!c.ok()) {
                sb.append(pad("", 6 + width)).append("fix:");
                appendWrapped(sb, c.fix(), " ", 6 + width);
            }
        }
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            sb.append('\n').append(block.getKey()).append(":\n\n");
            for (String line : block.getValue().split("\n", -1)) {
                sb.append(line.isEmpty() ? "" : "    " + line).append('\n');
            }
        }
        int failed = 0;
        for (Check c : checks) {
            failed += c.ok() ? 0 : 1;
        }
        sb.append('\n').append(failed == 0
                ? "all " + checks.size() + " checks passed"
                : failed + " of " + checks.size() + " checks failed").append('\n');
        return sb.toString();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("title", title);
        root.put("ok", ok());
        ArrayNode arr = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode o = arr.addObject();
            o.put("name", c.name());
            o.put("ok", c.ok());
            o.put("detail", c.detail());
            if (!c.ok()) {
                o.put("fix", c.fix());
            }
        }
        ObjectNode b = root.putObject("paste");
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            b.put(block.getKey(), block.getValue());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static void appendWrapped(StringBuilder sb, String text, String lead, int indent) {
        int col = indent + lead.length();
        sb.append(lead);
        int lineStart = sb.length();
        for (String word : text.split(" ")) {
            if (sb.length() - lineStart + word.length() > WRAP - col && sb.length() > lineStart) {
                sb.append('\n').append(pad("", col));
                lineStart = sb.length();
            } else if (sb.length() > lineStart) {
                sb.append(' ');
            }
            sb.append(word);
        }
        sb.append('\n');
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** Collects rows and blocks. */
    public static final class Builder {
        private final String command;
        private final String title;
        private final List<Check> checks = new ArrayList<>();
        private final Map<String, String> blocks = new LinkedHashMap<>();

        private Builder(String command, String title) {
            this.command = command;
            this.title = title;
        }

        public Builder add(Check check) {
            checks.add(check);
            return this;
        }

        public Builder block(String name, String text) {
            blocks.put(name, text);
            return this;
        }

        public Report build() {
            return new Report(this);
        }
    }
}
