package dev.apimauth0.tools;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where an Auth0 tenant is: from its domain ({@code your-tenant.eu.auth0.com}) or its URL. Auth0's {@code iss} is
 * the https URL with a trailing slash; plain http is accepted only on loopback (the tenant simulator). Immutable.
 */
public final class Tenant {

    private final String baseUrl;

    private Tenant(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Throws IllegalArgumentException naming the value when it is no tenant address. */
    public static Tenant of(String domainOrUrl) {
        if (domainOrUrl == null || domainOrUrl.trim().isEmpty()) {
            throw new IllegalArgumentException("the tenant domain is required (e.g. your-tenant.eu.auth0.com)");
        }
        String v = domainOrUrl.trim();
        if (!v.contains("://")) {
            v = "https://" + v;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a tenant domain: \"" + domainOrUrl + "\"");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("not a tenant domain: \"" + domainOrUrl
                    + "\" (give the domain only, e.g. your-tenant.eu.auth0.com)");
        }
        boolean loopback = uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost")
                || uri.getHost().equals("[::1]");
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !("http".equalsIgnoreCase(uri.getScheme()) && loopback)) {
            throw new IllegalArgumentException("Auth0 tenants are reached over https: \"" + domainOrUrl + "\"");
        }
        return new Tenant(uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/");
    }

    /** The tenant's {@code iss}: its URL with the trailing slash. */
    public String issuer() { return baseUrl; }
    public String baseUrl() { return baseUrl; }
    public String managementAudience() { return baseUrl + "api/v2/"; }
    public String tokenEndpoint() { return baseUrl + "oauth/token"; }
    public String wellKnownUrl() { return baseUrl + ".well-known/openid-configuration"; }
    public String jwksUri() { return baseUrl + ".well-known/jwks.json"; }

    @Override
    public String toString() {
        return baseUrl;
    }
}
