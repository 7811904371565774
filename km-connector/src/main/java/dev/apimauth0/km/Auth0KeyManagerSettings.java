package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.OpenIdConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * The key manager's settings, read and checked once from the Admin Portal's configuration. Every
 * problem is reported up front as an APIManagementException naming the field. Immutable.
 */
final class Auth0KeyManagerSettings {

    private static final Log LOG = LogFactory.getLog(Auth0KeyManagerSettings.class);

    final String name;
    final String clientId;
    final String clientSecret;
    final String managementAudience;
    final String managementApiUrl;
    /** May be null: then applications must name audience_of_api and scopes are not synchronised. */
    final String apiAudience;
    /** API identifiers applications may be granted besides apiAudience (exact, as Auth0 compares them). */
    final Set<String> allowedAudiences;
    /** "*": any API of the tenant except the Management API. */
    final boolean anyAudienceAllowed;
    final int connectTimeoutMillis;
    final int readTimeoutMillis;
    final boolean scopeSync;
    final String tokenEndpoint;
    /** The issuer as tokens carry it (Auth0: with a trailing slash). */
    final String issuer;
    /** Issuers accepted on tokens: the configured one, with and without the trailing slash. */
    final List<String> acceptedIssuers;
    final String jwksUri;

    private Auth0KeyManagerSettings(Builder b) {
        this.name = b.name;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.managementAudience = b.managementAudience;
        this.managementApiUrl = b.managementAudience;
        this.apiAudience = b.apiAudience;
        this.allowedAudiences = Collections.unmodifiableSet(b.allowedAudiences);
        this.anyAudienceAllowed = b.anyAudienceAllowed;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.readTimeoutMillis = b.readTimeoutMillis;
        this.scopeSync = b.scopeSync;
        this.tokenEndpoint = b.tokenEndpoint;
        this.issuer = b.issuer;
        this.acceptedIssuers = Collections.unmodifiableList(b.acceptedIssuers);
        this.jwksUri = b.jwksUri;
    }

    private static final class Builder {
        String name;
        String clientId;
        String clientSecret;
        String managementAudience;
        String apiAudience;
        Set<String> allowedAudiences = new LinkedHashSet<>();
        boolean anyAudienceAllowed;
        int connectTimeoutMillis;
        int readTimeoutMillis;
        boolean scopeSync;
        String tokenEndpoint;
        String issuer;
        List<String> acceptedIssuers = new ArrayList<>();
        String jwksUri;
    }

    static Auth0KeyManagerSettings from(KeyManagerConfiguration config) throws APIManagementException {
        if (config == null) {
            throw new APIManagementException("Auth0 key manager: no configuration was given");
        }
        Builder b = new Builder();
        b.name = config.getName() == null ? "Auth0" : config.getName();
        b.clientId = required(config, CLIENT_ID);
        b.clientSecret = required(config, CLIENT_SECRET);
        if (!b.clientId.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw invalid(b.name, CLIENT_ID, "must be the Auth0 application's Client ID (letters, digits, . _ -)",
                    b.clientId);
        }
        b.managementAudience = managementAudience(b.name, required(config, AUDIENCE));
        b.apiAudience = optional(config, API_AUDIENCE);
        allowedAudiences(b, config.getParameter(ALLOWED_API_AUDIENCES));
        b.connectTimeoutMillis = millis(config, b.name, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 120000);
        b.readTimeoutMillis = millis(config, b.name, READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS, 300000);
        String sync = optional(config, SCOPE_SYNC);
        if (sync == null) {
            b.scopeSync = DEFAULT_SCOPE_SYNC;
        } else if ("true".equalsIgnoreCase(sync) || "false".equalsIgnoreCase(sync)) {
            b.scopeSync = Boolean.parseBoolean(sync.toLowerCase(Locale.ROOT));
        } else {
            throw invalid(b.name, SCOPE_SYNC, "must be true or false", sync);
        }

        URI mgmt = URI.create(b.managementAudience);
        String tenantBase = mgmt.getScheme() + "://" + mgmt.getRawAuthority() + "/";

        OpenIdConfiguration discovery = null;
        String wellKnown = optional(config, WELL_KNOWN_ENDPOINT);
        if (wellKnown != null) {
            url(b.name, WELL_KNOWN_ENDPOINT, wellKnown);
            try {
                discovery = OpenIdConfiguration.fetch(wellKnown.trim(), b.connectTimeoutMillis, b.readTimeoutMillis);
            } catch (Auth0Exception e) {
                LOG.warn("Auth0 key manager \"" + b.name + "\": " + WELL_KNOWN_ENDPOINT + " could not be read ("
                        + e.getMessage() + "); using the configured or derived endpoints");
            }
        }

        String issuer = optional(config, ISSUER);
        if (issuer == null && discovery != null) {
            issuer = discovery.issuer();
        }
        if (issuer == null) {
            issuer = tenantBase;
        }
        issuer = url(b.name, ISSUER, withScheme(issuer));
        String issuerWithSlash = issuer.endsWith("/") ? issuer : issuer + "/";
        // Auth0 puts the trailing slash in iss; an operator may type it without
        b.issuer = issuerWithSlash;
        b.acceptedIssuers.add(issuerWithSlash);
        b.acceptedIssuers.add(issuerWithSlash.substring(0, issuerWithSlash.length() - 1));

        String token = optional(config, TOKEN_ENDPOINT);
        if (token == null && discovery != null) {
            token = discovery.tokenEndpoint();
        }
        b.tokenEndpoint = url(b.name, TOKEN_ENDPOINT, token == null ? issuerWithSlash + "oauth/token" : withScheme(token));

        String jwks = optional(config, JWKS_ENDPOINT);
        if (jwks == null && CERTIFICATE_TYPE_JWKS.equalsIgnoreCase(optional(config, CERTIFICATE_TYPE))) {
            jwks = optional(config, CERTIFICATE_VALUE);
        }
        if (jwks == null && discovery != null) {
            jwks = discovery.jwksUri();
        }
        b.jwksUri = url(b.name, jwks != null && optional(config, JWKS_ENDPOINT) != null ? JWKS_ENDPOINT : CERTIFICATE_VALUE,
                jwks == null ? issuerWithSlash + ".well-known/jwks.json" : withScheme(jwks));
        Auth0KeyManagerSettings built = new Auth0KeyManagerSettings(b);
        for (String allowed : built.allowedAudiences) {
            if (Auth0KeyManager.isManagementApi(allowed, built)) {
                throw invalid(b.name, ALLOWED_API_AUDIENCES, "must not name the Auth0 Management API: a grant there "
                        + "gives an application the tenant's administration", allowed);
            }
        }
        if (b.apiAudience == null && b.allowedAudiences.isEmpty() && !b.anyAudienceAllowed) {
            LOG.warn("Auth0 key manager \"" + b.name + "\": neither " + API_AUDIENCE + " nor " + ALLOWED_API_AUDIENCES
                    + " is set, so no application can be granted an API; set one of them in the Admin Portal");
        }
        if (b.apiAudience == null && b.scopeSync) {
            LOG.warn("Auth0 key manager \"" + b.name + "\": no " + API_AUDIENCE + " is set, so scopes are not "
                    + "synchronised and applications must name " + AUDIENCE_OF_API);
        }
        return built;
    }

    /** Comma-separated identifiers (or a list of them); "*" alone opts in to every API but the Management API. */
    private static void allowedAudiences(Builder b, Object value) throws APIManagementException {
        List<String> entries = new ArrayList<>();
        collect(value, entries);
        for (String entry : entries) {
            if (ANY_API_AUDIENCE.equals(entry)) {
                b.anyAudienceAllowed = true;
            } else if (entry.contains("*")) {
                throw invalid(b.name, ALLOWED_API_AUDIENCES, "takes exact Auth0 API identifiers or \"*\" alone; "
                        + "wildcards inside an identifier are not supported", entry);
            } else if (!entry.matches("\\S{1,600}")) {
                throw invalid(b.name, ALLOWED_API_AUDIENCES, "must be Auth0 API identifiers separated by commas "
                        + "(an identifier has no spaces)", entry);
            } else {
                b.allowedAudiences.add(entry);
            }
        }
        if (b.anyAudienceAllowed && !b.allowedAudiences.isEmpty()) {
            throw invalid(b.name, ALLOWED_API_AUDIENCES, "must be either \"*\" alone or a list of identifiers, not both",
                    String.valueOf(value));
        }
    }

    private static void collect(Object value, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            for (Object item : items) {
                collect(item, out);
            }
            return;
        }
        for (String part : String.valueOf(value).split(",")) {
            String p = part.trim();
            if (!p.isEmpty() && !out.contains(p)) {
                out.add(p);
            }
        }
    }

    /**
     * Whether applications may be granted (and get tokens for) this audience. The Management API is never allowed;
     * beyond it, api_audience always is, then the operator's list, or any API when the list is "*".
     */
    boolean audienceAllowed(String audience) {
        if (audience == null || Auth0KeyManager.isManagementApi(audience, this)) {
            return false;
        }
        return anyAudienceAllowed || audience.equals(apiAudience) || allowedAudiences.contains(audience);
    }

    boolean syncScopes() {
        return scopeSync && apiAudience != null;
    }

    // ------------------------------------------------------------------ value helpers

    /** The text of a parameter, trimmed; null when absent or blank. Lists give their first element. */
    static String optional(KeyManagerConfiguration config, String key) {
        return text(config.getParameter(key));
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection) {
            Collection<?> c = (Collection<?>) value;
            return c.isEmpty() ? null : text(c.iterator().next());
        }
        if (value instanceof Object[]) {
            Object[] a = (Object[]) value;
            return a.length == 0 ? null : text(a[0]);
        }
        String s = String.valueOf(value).trim();
        return s.isEmpty() ? null : s;
    }

    private static String required(KeyManagerConfiguration config, String key) throws APIManagementException {
        String v = optional(config, key);
        if (v == null) {
            throw new APIManagementException("Auth0 key manager \"" + (config.getName() == null ? "Auth0" : config.getName())
                    + "\": " + key + " is required");
        }
        return v;
    }

    private static int millis(KeyManagerConfiguration config, String name, String key, int dflt, int max)
            throws APIManagementException {
        String v = optional(config, key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, key, "must be a whole number of milliseconds from 1 to " + max, v);
    }

    private static String managementAudience(String name, String value) throws APIManagementException {
        String v = url(name, AUDIENCE, withScheme(value));
        // the Management API's identifier is https://TENANT/api/v2/ with the slash; without it Auth0 answers "Service not found"
        if (v.endsWith("/api/v2")) {
            v = v + "/";
        }
        if (!v.endsWith("/")) {
            throw invalid(name, AUDIENCE, "must be the Management API identifier, e.g. https://your-tenant.auth0.com/api/v2/", value);
        }
        return v;
    }

    private static String withScheme(String value) {
        String v = value.trim();
        return v.contains("://") ? v : "https://" + v;
    }

    private static String url(String name, String key, String value) throws APIManagementException {
        String v = value.trim();
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                throw invalid(name, key, "must be an http(s) URL with a host", value);
            }
            if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw invalid(name, key, "must not carry credentials, a query or a fragment", value);
            }
            return v;
        } catch (URISyntaxException e) {
            throw invalid(name, key, "is not a valid URL", value);
        }
    }

    private static APIManagementException invalid(String name, String key, String reason, String value) {
        String shown = value == null ? "" : value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return new APIManagementException("Auth0 key manager \"" + name + "\": " + key + " " + reason + ", got \"" + shown + "\"");
    }
}
