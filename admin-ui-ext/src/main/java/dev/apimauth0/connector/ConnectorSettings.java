package dev.apimauth0.connector;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * Connector settings rendered from deployment.toml {@code [apim_auth0.connector]} into
 * {@code <carbon.home>/repository/conf/apim-auth0-connector.properties}; a system property overrides the file.
 */
final class ConnectorSettings {

    static final String TAKEOVER_KEY = "takeover_stock_type";
    static final String TAKEOVER_PROPERTY = "apim_auth0.connector.takeover_stock_type";
    static final String CARBON_HOME_PROPERTY = "carbon.home";
    static final String FILE_UNDER_CARBON_HOME = "repository/conf/apim-auth0-connector.properties";
    static final boolean DEFAULT_TAKEOVER = true;

    private static final Log LOG = LogFactory.getLog(ConnectorSettings.class);

    private final boolean takeoverStockType;
    private final String source;

    ConnectorSettings(boolean takeoverStockType, String source) {
        this.takeoverStockType = takeoverStockType;
        this.source = source;
    }

    /** Whether the connector registers as type "Auth0" and retires the stock connector bundle. */
    boolean takeoverStockType() {
        return takeoverStockType;
    }

    /** Where the value came from, for log lines an operator can follow. */
    String source() {
        return source;
    }

    /**
     * Reads the settings. {@code lookup} resolves framework/system properties (BundleContext#getProperty on
     * Carbon, which falls back to system properties). An unreadable file or an invalid value is logged with the
     * key and the reason, and the previous value (file, else default) stays in force.
     */
    static ConnectorSettings load(Function<String, String> lookup) {
        boolean takeover = DEFAULT_TAKEOVER;
        String source = "default";

        String carbonHome = lookup.apply(CARBON_HOME_PROPERTY);
        if (carbonHome != null && !carbonHome.trim().isEmpty()) {
            File file = new File(carbonHome.trim(), FILE_UNDER_CARBON_HOME);
            if (file.isFile()) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file.toPath())) {
                    properties.load(in);
                    String raw = properties.getProperty(TAKEOVER_KEY);
                    if (raw != null) {
                        Boolean parsed = parseBoolean(TAKEOVER_KEY + " in " + file, raw);
                        if (parsed != null) {
                            takeover = parsed;
                            source = file.getPath();
                        }
                    }
                } catch (IOException | IllegalArgumentException e) {
                    LOG.error("Cannot read " + file + " (" + e.getMessage() + "); using " + TAKEOVER_KEY + "="
                            + takeover);
                }
            }
        }

        String override = lookup.apply(TAKEOVER_PROPERTY);
        if (override != null) {
            Boolean parsed = parseBoolean("system property " + TAKEOVER_PROPERTY, override);
            if (parsed != null) {
                takeover = parsed;
                source = "system property " + TAKEOVER_PROPERTY;
            }
        }
        return new ConnectorSettings(takeover, source);
    }

    /** true/false (any case, trimmed); anything else is logged and yields null. */
    static Boolean parseBoolean(String where, String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(value)) {
            return Boolean.TRUE;
        }
        if ("false".equals(value)) {
            return Boolean.FALSE;
        }
        LOG.error("apim_auth0.connector." + TAKEOVER_KEY + ": must be true or false, got \"" + raw + "\" ("
                + where + "); value ignored");
        return null;
    }
}
