package dev.apimauth0.codegen;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.apimauth0.core.config.GatewaySetting;

/**
 * Writes the source of gateway-handler's {@code GatewaySettingSetters}: one public bean setter per row of
 * {@link GatewaySetting#ALL}, named {@link GatewaySetting#setterName()}. WSO2's Synapse sets handler properties by
 * reflection ({@code PropertyHelper.setInstanceProperty} looks the setter up by name in the handler class's public
 * methods), so each row needs a real method; writing them from the table keeps them from drifting apart from it.
 * Runs in gateway-handler's generate-sources phase; it is build tooling and ships in no bundle.
 */
public final class GatewaySettingSettersSource {

    static final String PACKAGE = "dev.apimauth0.gateway";
    static final String INTERFACE = "GatewaySettingSetters";

    private GatewaySettingSettersSource() {
    }

    /**
     * Writes {@code dev/apimauth0/gateway/GatewaySettingSetters.java} below the source root {@code args[0]}. An
     * unchanged file is left as it is, so an incremental build does not recompile the handlers for nothing.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GatewaySettingSettersSource <generated source root>");
        }
        Path file = Paths.get(args[0], PACKAGE.replace('.', '/'), INTERFACE + ".java");
        byte[] source = render().getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), source)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, source);
    }

    /** The interface's source for the table as it is. */
    static String render() {
        Map<GatewaySetting, String> constants = constantNames();
        StringBuilder java = new StringBuilder(8192);
        java.append("package ").append(PACKAGE).append(";\n\n")
                .append("import dev.apimauth0.core.config.GatewaySetting;\n\n")
                .append("/**\n")
                .append(" * The handler properties of both handlers: one public bean setter per row of {@link GatewaySetting}, named\n")
                .append(" * {@code set} + its camelCase property. Generated at build time from the table by\n")
                .append(" * dev.apimauth0.codegen.GatewaySettingSettersSource (module settings-codegen); do not edit. WSO2's Synapse\n")
                .append(" * sets handler properties by reflection on the handler's class ({@code getClass().getMethods()} in\n")
                .append(" * PropertyHelper.setInstanceProperty, which APIFactory.defineHandler calls for an API handler's\n")
                .append(" * {@code <property>} and SynapseHandlersLoader.populateParameters for a global handler's {@code <parameter>});\n")
                .append(" * that finds these inherited default methods, and a property without a setter would fail the load and with it\n")
                .append(" * the gateway. Each value overrides the key in the settings file.\n")
                .append(" */\n")
                .append("public interface ").append(INTERFACE).append(" {\n\n")
                .append("    /** Where the properties go: the handler's settings (the file overridden by these properties). */\n")
                .append("    GatewaySettings gatewaySettings();\n");
        for (GatewaySetting row : GatewaySetting.ALL) {
            String constant = constants.get(row);
            java.append("\n    /** Handler property ").append(row.propertyName()).append(": key ").append(row.name())
                    .append(", see {@link GatewaySetting#").append(constant).append("}. */\n")
                    .append("    default void ").append(row.setterName()).append("(String value) {\n")
                    .append("        gatewaySettings().set(GatewaySetting.").append(constant).append(", value);\n")
                    .append("    }\n");
        }
        return java.append("}\n").toString();
    }

    /** The name of the public constant that holds each row; a row without one cannot be referred to. */
    private static Map<GatewaySetting, String> constantNames() {
        Map<GatewaySetting, String> names = new IdentityHashMap<>();
        for (Field f : GatewaySetting.class.getFields()) {
            if (f.getType() == GatewaySetting.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    names.put((GatewaySetting) f.get(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (GatewaySetting row : GatewaySetting.ALL) {
            if (!names.containsKey(row)) {
                throw new IllegalStateException("gateway setting " + row.name()
                        + " is in GatewaySetting.ALL but has no public static final field of its own");
            }
        }
        return names;
    }
}
