package dev.apimauth0.auth0.client;

import java.net.URI;

/** The tenant's public documents: the OpenID configuration and the JWKS, fetched without credentials. */
final class Discovery {

    private final Transport transport;

    Discovery(Transport transport) {
        this.transport = transport;
    }

    OpenIdConfiguration openIdConfiguration(String url) throws Auth0Exception {
        Call call = new Call("GET", absolute("well-known URL", url), "GET well-known configuration", null, true);
        return Transport.parse(call, transport.execute(call), OpenIdConfiguration::fromJson);
    }

    JsonWebKeySet jsonWebKeySet(String jwksUri) throws Auth0Exception {
        Call call = new Call("GET", absolute("jwks_uri", jwksUri), "GET JWKS", null, true);
        return Transport.parse(call, transport.execute(call), JsonWebKeySet::fromJson);
    }

    private static URI absolute(String what, String url) {
        Call.requireArg(what, url);
        URI uri = URI.create(url.trim());
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException(what + " must be an http(s) URL with a host");
        }
        return uri;
    }
}
