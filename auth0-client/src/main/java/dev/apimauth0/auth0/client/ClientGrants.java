package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import static dev.apimauth0.auth0.client.Call.requireArg;
import static dev.apimauth0.auth0.client.ManagementApi.enc;

/** Management API /client-grants: which application may get tokens for which API, with which scopes. */
final class ClientGrants {

    /** The most pages a list is read to: 100,000 entries at Auth0's 100 a page. */
    static final int MAX_PAGES = 1000;

    private final ManagementApi api;

    ClientGrants(ManagementApi api) {
        this.api = api;
    }

    ClientGrant create(String clientId, String audience, Collection<String> scopes) throws Auth0Exception {
        requireArg("client_id", clientId);
        requireArg("audience", audience);
        ObjectNode body = Json.object();
        body.put("client_id", clientId);
        body.put("audience", audience);
        body.set("scope", Json.array(scopes == null ? Collections.<String>emptyList() : scopes));
        return api.execute(api.call("POST", "client-grants", "POST /client-grants", body, false), ClientGrant::fromJson);
    }

    /** The client-credentials grants (subject type client) of a client and/or audience, paged to the end. */
    List<ClientGrant> find(String clientId, String audience) throws Auth0Exception {
        List<ClientGrant> out = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            StringBuilder q = new StringBuilder("client-grants?per_page=").append(Auth0Limits.PER_PAGE)
                    .append("&page=").append(page).append("&include_totals=true");
            if (clientId != null) {
                q.append("&client_id=").append(enc(clientId));
            }
            if (audience != null) {
                q.append("&audience=").append(enc(audience));
            }
            Call call = api.call("GET", q.toString(), "GET /client-grants", null, true);
            JsonNode reply = api.execute(call);
            JsonNode items = reply != null && reply.isObject() ? reply.get("client_grants") : reply;
            if (items == null || !items.isArray()) {
                throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, "expected a list of client grants");
            }
            for (JsonNode n : items) {
                ClientGrant g = Transport.parse(call, n, ClientGrant::fromJson);
                if (ClientGrant.SUBJECT_CLIENT.equals(g.subjectType())) {
                    out.add(g);
                }
            }
            long total = reply.isObject() && reply.path("total").canConvertToLong() ? reply.get("total").asLong() : -1;
            long seen = (long) page * Auth0Limits.PER_PAGE + items.size();
            if (items.size() < Auth0Limits.PER_PAGE || (total >= 0 && seen >= total)) {
                return out;
            }
        }
        throw new Auth0Exception("GET /client-grants", 200, Auth0Exception.INVALID_RESPONSE,
                "more than " + MAX_PAGES + " pages of client grants");
    }

    /** Sets the scopes of a grant (a whole-value PATCH: safe to repeat). */
    ClientGrant update(String grantId, Collection<String> scopes) throws Auth0Exception {
        requireArg("grant id", grantId);
        ObjectNode body = Json.object();
        body.set("scope", Json.array(scopes));
        return api.execute(api.call("PATCH", "client-grants/" + enc(grantId), "PATCH /client-grants/{id}", body, true),
                ClientGrant::fromJson);
    }

    void delete(String grantId) throws Auth0Exception {
        requireArg("grant id", grantId);
        api.execute(api.call("DELETE", "client-grants/" + enc(grantId), "DELETE /client-grants/{id}", null, true));
    }
}
