package dev.apimauth0.auth0.client;

import java.net.URI;

/**
 * Where the tenant is, which credentials call its Management API, and how patient calls are.
 * Immutable; built with {@link #builder()}; {@link Builder#build()} names the first bad field.
 */
public final class Auth0ClientConfig {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 10000;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10000;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 200;
    public static final long DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS = 300;
    public static final int DEFAULT_MAX_CONNECTIONS = 10;

    private final URI tokenEndpoint;
    private final URI managementApiUrl;
    private final String managementAudience;
    private final String clientId;
    private final String clientSecret;
    private final String managementToken;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxRetries;
    private final long maxRateLimitWaitMillis;
    private final long retryBackoffMillis;
    private final long tokenRefreshMarginSeconds;
    private final int maxConnections;

    private Auth0ClientConfig(Builder b) {
        this.tokenEndpoint = b.tokenEndpoint;
        this.managementApiUrl = b.managementApiUrl;
        this.managementAudience = b.managementAudience;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.managementToken = b.managementToken;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.readTimeoutMillis = b.readTimeoutMillis;
        this.maxRetries = b.maxRetries;
        this.maxRateLimitWaitMillis = b.maxRateLimitWaitMillis;
        this.retryBackoffMillis = b.retryBackoffMillis;
        this.tokenRefreshMarginSeconds = b.tokenRefreshMarginSeconds;
        this.maxConnections = b.maxConnections;
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI tokenEndpoint() { return tokenEndpoint; }
    /** Management API base, always ending with a slash (e.g. https://tenant/api/v2/). */
    public URI managementApiUrl() { return managementApiUrl; }
    public String managementAudience() { return managementAudience; }
    public String clientId() { return clientId; }
    String clientSecret() { return clientSecret; }
    /** A Management API token given by the caller (e.g. from the Dashboard's API Explorer), or null. */
    String managementToken() { return managementToken; }
    /** True when Management API calls use a given token rather than one obtained with the client credentials. */
    public boolean hasGivenManagementToken() { return managementToken != null; }
    public int connectTimeoutMillis() { return connectTimeoutMillis; }
    public int readTimeoutMillis() { return readTimeoutMillis; }
    public int maxRetries() { return maxRetries; }
    public long maxRateLimitWaitMillis() { return maxRateLimitWaitMillis; }
    public long retryBackoffMillis() { return retryBackoffMillis; }
    public long tokenRefreshMarginSeconds() { return tokenRefreshMarginSeconds; }
    public int maxConnections() { return maxConnections; }

    @Override
    public String toString() {
        return "Auth0ClientConfig[tokenEndpoint=" + tokenEndpoint + ", managementApiUrl=" + managementApiUrl
                + ", managementAudience=" + managementAudience + ", clientId=" + clientId + ", clientSecret=***"
                + ", connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis + "]";
    }

    public static final class Builder {
        private URI tokenEndpoint;
        private URI managementApiUrl;
        private String managementAudience;
        private String clientId;
        private String clientSecret;
        private String managementToken;
        private int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MS;
        private int readTimeoutMillis = DEFAULT_READ_TIMEOUT_MS;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private long maxRateLimitWaitMillis = DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
        private long retryBackoffMillis = DEFAULT_RETRY_BACKOFF_MS;
        private long tokenRefreshMarginSeconds = DEFAULT_TOKEN_REFRESH_MARGIN_SECONDS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private String tokenEndpointText;
        private String managementApiText;

        private Builder() {
        }

        public Builder tokenEndpoint(String url) { this.tokenEndpointText = url; return this; }
        /** The Management API base URL, e.g. https://tenant.auth0.com/api/v2 (a trailing slash is added when missing). */
        public Builder managementApiUrl(String url) { this.managementApiText = url; return this; }
        /** The audience of Management API tokens; defaults to the Management API URL. */
        public Builder managementAudience(String audience) { this.managementAudience = audience; return this; }
        public Builder clientId(String value) { this.clientId = value; return this; }
        public Builder clientSecret(String value) { this.clientSecret = value; return this; }
        /**
         * Calls the Management API with this token instead of obtaining one with the client credentials (which are
         * then not needed). The token is never refreshed: when it expires, calls fail with Auth0's 401.
         */
        public Builder managementToken(String value) { this.managementToken = value; return this; }
        public Builder connectTimeoutMillis(int value) { this.connectTimeoutMillis = value; return this; }
        public Builder readTimeoutMillis(int value) { this.readTimeoutMillis = value; return this; }
        public Builder maxRetries(int value) { this.maxRetries = value; return this; }
        public Builder maxRateLimitWaitMillis(long value) { this.maxRateLimitWaitMillis = value; return this; }
        public Builder retryBackoffMillis(long value) { this.retryBackoffMillis = value; return this; }
        public Builder tokenRefreshMarginSeconds(long value) { this.tokenRefreshMarginSeconds = value; return this; }
        public Builder maxConnections(int value) { this.maxConnections = value; return this; }

        public Auth0ClientConfig build() {
            tokenEndpoint = httpUrl("token_endpoint", tokenEndpointText);
            String mgmt = managementApiText;
            if (mgmt != null && !mgmt.trim().isEmpty() && !mgmt.trim().endsWith("/")) {
                mgmt = mgmt.trim() + "/";
            }
            managementApiUrl = httpUrl("management_api_url", mgmt);
            if (managementAudience == null || managementAudience.trim().isEmpty()) {
                managementAudience = managementApiUrl.toString();
            }
            managementAudience = managementAudience.trim();
            if (managementToken != null) {
                require("management_token", managementToken);
                managementToken = managementToken.trim();
            } else {
                require("client_id", clientId);
                require("client_secret", clientSecret);
            }
            clientId = clientId == null ? null : clientId.trim();
            range("connect_timeout_ms", connectTimeoutMillis, 1, 120000);
            range("read_timeout_ms", readTimeoutMillis, 1, 300000);
            range("max_retries", maxRetries, 0, 10);
            range("max_rate_limit_wait_ms", maxRateLimitWaitMillis, 0, 600000);
            range("retry_backoff_ms", retryBackoffMillis, 0, 60000);
            range("token_refresh_margin_seconds", tokenRefreshMarginSeconds, 0, 86400);
            range("max_connections", maxConnections, 1, 1000);
            return new Auth0ClientConfig(this);
        }

        private static void require(String field, String value) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException(field + ": is required");
            }
        }

        private static void range(String field, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + ": must be from " + min + " to " + max + ", got " + value);
            }
        }

        private static URI httpUrl(String field, String value) {
            require(field, value);
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(field + ": not a URL: \"" + value + "\"");
            }
            if (uri.getScheme() == null || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException(field + ": must be an http(s) URL with a host, got \"" + value + "\"");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(field + ": must not carry credentials in the URL");
            }
            return uri;
        }
    }
}
