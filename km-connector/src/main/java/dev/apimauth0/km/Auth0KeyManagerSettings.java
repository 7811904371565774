package dev.apimauth0.km;

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
 * The key manager's settings, read and checked once from the Admin Portal's configuration. Immutable.
 *
 * <p>The Admin Portal saves without calling the key manager (APIAdminImpl checks only that required fields are
 * present), and a failing loadConfiguration makes APIM drop the key manager and its applications' keys silently
 * (KeyManagerHolder, KeyManagerJMSMessageListener). So only settings without which nothing can work fail the load,
 * naming the field and the fix: client_id, client_secret and the Management API audience. Every other setting that
 * cannot be used falls back to its default, or to what it is derived from, with one warning naming the field; an
 * allowed_api_audiences entry that cannot be used is dropped (fewer APIs allowed, never more).
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
    /** The claim naming the application (consumer key) in token metadata; Auth0's azp by default. */
    final String consumerKeyClaim;
    /** The claim holding the scopes in token metadata; Auth0's scope (plus RBAC permissions) by default. */
    final String scopesClaim;

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
        this.consumerKeyClaim = b.consumerKeyClaim;
        this.scopesClaim = b.scopesClaim;
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
        String consumerKeyClaim;
        String scopesClaim;
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
        b.consumerKeyClaim = claimName(config, b.name, CONSUMER_KEY_CLAIM, DEFAULT_CONSUMER_KEY_CLAIM);
        b.scopesClaim = claimName(config, b.name, SCOPES_CLAIM, DEFAULT_SCOPES_CLAIM);
        String sync = optional(config, SCOPE_SYNC);
        if (sync == null) {
            b.scopeSync = DEFAULT_SCOPE_SYNC;
        } else if ("true".equalsIgnoreCase(sync) || "false".equalsIgnoreCase(sync)) {
            b.scopeSync = Boolean.parseBoolean(sync.toLowerCase(Locale.ROOT));
        } else {
            b.scopeSync = DEFAULT_SCOPE_SYNC;
            fallback(b.name, SCOPE_SYNC, "must be true or false", sync, String.valueOf(DEFAULT_SCOPE_SYNC));
        }

        URI mgmt = URI.create(b.managementAudience);
        String tenantBase = mgmt.getScheme() + "://" + mgmt.getRawAuthority() + "/";

        String issuer = usableUrl(b.name, ISSUER, optional(config, ISSUER));
        String token = usableUrl(b.name, TOKEN_ENDPOINT, optional(config, TOKEN_ENDPOINT));
        String jwksKey = optional(config, JWKS_ENDPOINT) != null ? JWKS_ENDPOINT : CERTIFICATE_VALUE;
        String jwks = optional(config, JWKS_ENDPOINT);
        if (jwks == null && CERTIFICATE_TYPE_JWKS.equalsIgnoreCase(optional(config, CERTIFICATE_TYPE))) {
            jwks = optional(config, CERTIFICATE_VALUE);
        }
        jwks = usableUrl(b.name, jwksKey, jwks);

        // the discovery document is read only for what the configuration leaves out (the Admin Portal imports
        // every endpoint from it when the key manager is added, so a saved key manager usually needs no fetch)
        OpenIdConfiguration discovery = null;
        String wellKnown = usableUrl(b.name, WELL_KNOWN_ENDPOINT, optional(config, WELL_KNOWN_ENDPOINT));
        if (wellKnown != null && (issuer == null || token == null || jwks == null)) {
            discovery = Discovery.read(b.name, WELL_KNOWN_ENDPOINT, wellKnown.trim(), b.connectTimeoutMillis,
                    b.readTimeoutMillis);
        }

        String issuerKey = ISSUER;
        if (issuer == null && discovery != null) {
            issuer = usableUrl(b.name, WELL_KNOWN_ENDPOINT + " issuer", discovery.issuer());
            issuerKey = WELL_KNOWN_ENDPOINT + " issuer";
        }
        if (issuer == null) {
            issuer = tenantBase;
        }
        b.issuer = IssuerSpelling.correct(b.name, issuerKey, issuer);
        b.acceptedIssuers.add(b.issuer);

        if (token == null && discovery != null) {
            token = usableUrl(b.name, WELL_KNOWN_ENDPOINT + " token_endpoint", discovery.tokenEndpoint());
        }
        b.tokenEndpoint = token == null ? b.issuer + "oauth/token" : token;

        if (jwks == null && discovery != null) {
            jwks = usableUrl(b.name, WELL_KNOWN_ENDPOINT + " jwks_uri", discovery.jwksUri());
        }
        b.jwksUri = jwks == null ? b.issuer + ".well-known/jwks.json" : jwks;
        Auth0KeyManagerSettings built = new Auth0KeyManagerSettings(b);
        for (String allowed : new ArrayList<>(built.allowedAudiences)) {
            if (AudiencePolicy.isManagementApi(allowed, built)) {
                b.allowedAudiences.remove(allowed);
                LOG.warn("Auth0 key manager \"" + b.name + "\": " + ALLOWED_API_AUDIENCES + " must not name the Auth0 "
                        + "Management API (a grant there gives an application the tenant's administration); \"" + allowed
                        + "\" is ignored");
            }
        }
        built = new Auth0KeyManagerSettings(b);
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

    /**
     * Comma-separated identifiers (or a list of them); "*" alone opts in to every API but the Management API.
     * Entries that cannot be used are dropped with a warning: the key manager then allows fewer APIs, never more.
     */
    private static void allowedAudiences(Builder b, Object value) {
        List<String> entries = new ArrayList<>();
        collect(value, entries);
        for (String entry : entries) {
            if (ANY_API_AUDIENCE.equals(entry)) {
                b.anyAudienceAllowed = true;
            } else if (entry.contains("*")) {
                ignored(b.name, ALLOWED_API_AUDIENCES, "takes exact Auth0 API identifiers or \"*\" alone; "
                        + "wildcards inside an identifier are not supported", entry);
            } else if (!entry.matches("\\S{1,600}")) {
                ignored(b.name, ALLOWED_API_AUDIENCES, "must be Auth0 API identifiers separated by commas "
                        + "(an identifier has no spaces)", entry);
            } else {
                b.allowedAudiences.add(entry);
            }
        }
        if (b.anyAudienceAllowed && !b.allowedAudiences.isEmpty()) {
            // the narrower reading wins
            b.anyAudienceAllowed = false;
            ignored(b.name, ALLOWED_API_AUDIENCES, "must be either \"*\" alone or a list of identifiers, not both",
                    ANY_API_AUDIENCE);
        }
    }

    private static void ignored(String name, String key, String reason, String value) {
        LOG.warn("Auth0 key manager \"" + name + "\": " + key + " " + reason + "; the entry \"" + shown(value)
                + "\" is ignored");
    }

    /** One warning naming the field, the value and what is used instead. */
    static void fallback(String name, String key, String reason, String value, String used) {
        LOG.warn("Auth0 key manager \"" + name + "\": " + key + " " + reason + ", got \"" + shown(value) + "\"; using "
                + used + " instead. Correct it in the Admin Portal");
    }

    /** The URL, or null (with one warning naming the field) when it is not an http(s) URL this key manager can use. */
    private static String usableUrl(String name, String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return url(name, key, withScheme(value));
        } catch (APIManagementException e) {
            fallback(name, key, "must be an http(s) URL with a host and no credentials, query or fragment", value,
                    "the value derived from the tenant");
            return null;
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
        if (audience == null || AudiencePolicy.isManagementApi(audience, this)) {
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
            throw KeyManagerError.badRequest("Auth0 key manager \"" + (config.getName() == null ? "Auth0" : config.getName())
                    + "\": " + key + " is required; enter it in the Admin Portal (Key Managers > this key manager)");
        }
        return v;
    }

    private static int millis(KeyManagerConfiguration config, String name, String key, int dflt, int max) {
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
        fallback(name, key, "must be a whole number of milliseconds from 1 to " + max, v, dflt + " ms");
        return dflt;
    }

    /** A claim name set in the Admin Portal's claim fields; absent or empty takes Auth0's default. */
    private static String claimName(KeyManagerConfiguration config, String name, String key, String dflt) {
        String v = optional(config, key);
        if (v == null) {
            return dflt;
        }
        if (!v.matches("[\\x21-\\x7e]{1,200}")) {
            fallback(name, key, "must be a claim name (printable characters, no spaces)", v, "\"" + dflt + "\"");
            return dflt;
        }
        return v;
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
        return KeyManagerError.badRequest("Auth0 key manager \"" + name + "\": " + key + " " + reason + ", got \""
                + shown(value) + "\"");
    }

    private static String shown(String value) {
        return value == null ? "" : value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }
}
