package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.ArrayList;
import java.util.List;

import static dev.apimauth0.auth0.client.Call.requireArg;
import static dev.apimauth0.auth0.client.ManagementApi.enc;

/** Management API /clients: the applications. */
final class Clients {

    private static final Log LOG = LogFactory.getLog(Auth0Client.class);

    private final ManagementApi api;

    Clients(ManagementApi api) {
        this.api = api;
    }

    /** Never repeated after the request may have reached Auth0: a repeat would create a second application. */
    Auth0Application create(ApplicationSpec spec) throws Auth0Exception {
        return api.execute(api.call("POST", "clients", "POST /clients", spec.toJson(), false), Auth0Application::fromJson);
    }

    /**
     * The client ids of the applications named exactly {@code name}. Auth0 has no filter by name, so this pages
     * through GET /clients (100 a page, only client_id and name) up to {@code maxPages}.
     */
    List<String> findIdsByName(String name, int maxPages) throws Auth0Exception {
        requireArg("name", name);
        List<String> out = new ArrayList<>();
        for (int page = 0; page < maxPages; page++) {
            Call call = api.call("GET", "clients?fields=client_id%2Cname&include_fields=true&per_page="
                    + Auth0Limits.PER_PAGE + "&page=" + page, "GET /clients", null, true);
            JsonNode reply = api.execute(call);
            JsonNode items = reply != null && reply.isObject() ? reply.get("clients") : reply;
            if (items == null || !items.isArray()) {
                throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, "expected a list of clients");
            }
            for (JsonNode n : items) {
                if (name.equals(Json.text(n, "name")) && Json.text(n, "client_id") != null) {
                    out.add(Json.text(n, "client_id"));
                }
            }
            if (items.size() < Auth0Limits.PER_PAGE) {
                return out;
            }
        }
        LOG.warn("Auth0 GET /clients: stopped looking for \"" + name + "\" after " + maxPages + " pages");
        return out;
    }

    Auth0Application get(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        return api.execute(api.call("GET", "clients/" + enc(clientId), "GET /clients/{id}", null, true),
                Auth0Application::fromJson);
    }

    /** A PATCH that sets values: safe to repeat. */
    Auth0Application update(String clientId, ApplicationSpec spec) throws Auth0Exception {
        requireArg("client_id", clientId);
        return api.execute(api.call("PATCH", "clients/" + enc(clientId), "PATCH /clients/{id}", spec.toJson(), true),
                Auth0Application::fromJson);
    }

    void delete(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        api.execute(api.call("DELETE", "clients/" + enc(clientId), "DELETE /clients/{id}", null, true));
    }

    /** Never repeated, since a repeat would silently rotate again. */
    Auth0Application rotateSecret(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        return api.execute(api.call("POST", "clients/" + enc(clientId) + "/rotate-secret",
                "POST /clients/{id}/rotate-secret", null, false), Auth0Application::fromJson);
    }
}
