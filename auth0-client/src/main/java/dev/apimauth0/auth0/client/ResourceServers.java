package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static dev.apimauth0.auth0.client.Call.requireArg;
import static dev.apimauth0.auth0.client.ManagementApi.enc;

/** Management API /resource-servers: the APIs (audiences) and their scopes. */
final class ResourceServers {

    private final ManagementApi api;

    ResourceServers(ManagementApi api) {
        this.api = api;
    }

    /** By id or by identifier (the API audience), URL-encoded. */
    ResourceServer get(String idOrIdentifier) throws Auth0Exception {
        requireArg("resource server", idOrIdentifier);
        return api.execute(api.call("GET", "resource-servers/" + enc(idOrIdentifier), "GET /resource-servers/{id}",
                null, true), ResourceServer::fromJson);
    }

    /** Replaces the scopes (a whole-value PATCH, so a repeat writes the same list). */
    ResourceServer updateScopes(String idOrIdentifier, List<ResourceServerScope> scopes) throws Auth0Exception {
        requireArg("resource server", idOrIdentifier);
        ObjectNode body = Json.object();
        putScopes(body, scopes);
        return api.execute(api.call("PATCH", "resource-servers/" + enc(idOrIdentifier), "PATCH /resource-servers/{id}",
                body, true), ResourceServer::fromJson);
    }

    /** A new API; never repeated after the request may have reached Auth0 (a repeat of a create answers 409). */
    ResourceServer create(String identifier, String name, String signingAlg, String tokenDialect,
                          List<ResourceServerScope> scopes) throws Auth0Exception {
        requireArg("identifier", identifier);
        ObjectNode body = Json.object();
        body.put("identifier", identifier);
        if (name != null) {
            body.put("name", name);
        }
        if (signingAlg != null) {
            body.put("signing_alg", signingAlg);
        }
        if (tokenDialect != null) {
            body.put("token_dialect", tokenDialect);
        }
        putScopes(body, scopes);
        return api.execute(api.call("POST", "resource-servers", "POST /resource-servers", body, false),
                ResourceServer::fromJson);
    }

    private static void putScopes(ObjectNode body, List<ResourceServerScope> scopes) {
        ArrayNode arr = body.putArray("scopes");
        for (ResourceServerScope s : scopes) {
            arr.addObject().put("value", s.value()).put("description", s.description());
        }
    }
}
