package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.simulator.Params.patch;
import static dev.apimauth0.simulator.Params.scopeValues;
import static dev.apimauth0.simulator.Params.urlDecode;
import static dev.apimauth0.simulator.Reply.invalidBody;
import static dev.apimauth0.simulator.Reply.invalidQuery;
import static dev.apimauth0.simulator.Reply.mgmtError;
import static dev.apimauth0.simulator.Reply.notFound;
import static dev.apimauth0.simulator.Reply.validateBody;

/**
 * {@code /api/v2/client-grants}: create (409 for a second grant of the same client, audience and subject type; only
 * scopes the API defines), list (filtered by client_id, audience and subject_type), read, update, delete. Deleting a
 * client keeps its grants, stricter than Auth0 on purpose. The caller holds the tenant's lock.
 */
final class ClientGrantsResource {

    private final TenantState state;

    ClientGrantsResource(TenantState state) {
        this.state = state;
    }

    /** Answers a request under this resource; {@code seg} is the path below /api/v2/ split at each slash. */
    Reply handle(Caller caller, String method, String[] seg, ObjectNode json, Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = caller.insufficientScope("create:client_grants")) != null) {
                    return denied;
                }
                Reply invalid = validateBody(RequestBodies.CREATE_CLIENT_GRANT, json);
                if (invalid != null) {
                    return invalid;
                }
                if (!json.has("client_id")) {
                    // the definition allows default_for instead of client_id; the simulator keeps no default grants
                    return invalidBody("Payload validation error: 'Missing required property: client_id'.");
                }
                String clientId = json.get("client_id").asText();
                String audience = json.get("audience").asText();
                String subjectType = json.path("subject_type").asText("client");
                if (state.client(clientId) == null) {
                    return mgmtError(404, "Not Found", "Client not found", "inexistent_client");
                }
                ObjectNode rs = state.findResourceServerByIdentifier(audience);
                if (rs == null) {
                    return mgmtError(404, "Not Found", "No resource server found with identifier " + audience,
                            "inexistent_resource_server");
                }
                JsonNode scope = json.has("scope") ? json.get("scope") : SimJwt.JSON.createArrayNode();
                Reply undefined = undefinedScopes(rs, scope);
                if (undefined != null) {
                    return undefined;
                }
                if (state.findGrant(clientId, audience, subjectType) != null) {
                    return mgmtError(409, "Conflict", "A client grant for this client, audience and subject type already exists",
                            "client_grant_conflict");
                }
                ObjectNode g = SimJwt.JSON.createObjectNode();
                g.put("id", Ids.newGrantId());
                g.put("client_id", clientId);
                g.put("audience", audience);
                g.set("scope", scope.deepCopy());
                for (String f : List.of("subject_type", "organization_usage", "allow_any_organization",
                        "authorization_details_types", "allow_all_scopes")) {
                    if (json.has(f)) {
                        g.set(f, json.get(f).deepCopy());
                    }
                }
                state.putGrant(g);
                return new Reply(201, g.deepCopy());
            }
            if (method.equals("GET")) {
                if ((denied = caller.insufficientScope("read:client_grants")) != null) {
                    return denied;
                }
                Reply bad = ListQuery.check(query, Set.of("per_page", "page", "include_totals", "audience", "client_id",
                        "allow_any_organization", "subject_type"), 1);
                if (bad != null) {
                    return bad;
                }
                String subjectType = query.get("subject_type");
                if (subjectType != null && !RequestBodies.SUBJECT_TYPES.contains(subjectType)) {
                    return invalidQuery("Query validation error: 'No enum match for: \"" + subjectType
                            + "\"' on property subject_type.");
                }
                List<ObjectNode> matching = new ArrayList<>();
                for (ObjectNode g : state.allGrants()) {
                    if (query.containsKey("client_id") && !query.get("client_id").equals(g.get("client_id").asText())) {
                        continue;
                    }
                    if (query.containsKey("audience") && !query.get("audience").equals(g.get("audience").asText())) {
                        continue;
                    }
                    if (subjectType != null && !subjectType.equals(g.path("subject_type").asText("client"))) {
                        continue;
                    }
                    matching.add(g);
                }
                return ListQuery.page(matching, query, "client_grants");
            }
            return notFound();
        }
        if (seg.length != 2) {
            return notFound();
        }
        String id = urlDecode(seg[1]);
        switch (method) {
            case "GET": {
                if ((denied = caller.insufficientScope("read:client_grants")) != null) {
                    return denied;
                }
                ObjectNode g = state.grantById(id);
                return g == null ? inexistentGrant() : new Reply(200, g.deepCopy());
            }
            case "PATCH": {
                if ((denied = caller.insufficientScope("update:client_grants")) != null) {
                    return denied;
                }
                ObjectNode g = state.grantById(id);
                if (g == null) {
                    return inexistentGrant();
                }
                Reply invalid = validateBody(RequestBodies.UPDATE_CLIENT_GRANT, json);
                if (invalid != null) {
                    return invalid;
                }
                if (json.isEmpty()) {
                    return invalidBody("Payload validation error: 'Too few properties defined (0), minimum 1'.");
                }
                if (json.hasNonNull("scope")) {
                    Reply undefined = undefinedScopes(state.findResourceServerByIdentifier(g.get("audience").asText()), json.get("scope"));
                    if (undefined != null) {
                        return undefined;
                    }
                }
                ObjectNode change = json.deepCopy();
                if (change.has("scope") && change.get("scope").isNull()) {
                    change.putArray("scope"); // null clears the scopes; the grant keeps an empty list
                }
                patch(g, change);
                return new Reply(200, g.deepCopy());
            }
            case "DELETE": {
                if ((denied = caller.insufficientScope("delete:client_grants")) != null) {
                    return denied;
                }
                if (!state.removeGrant(id)) {
                    return inexistentGrant();
                }
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    private Reply undefinedScopes(ObjectNode rs, JsonNode requested) {
        if (rs == null) {
            return null;
        }
        Set<String> defined = scopeValues(rs.get("scopes"));
        List<String> undefined = new ArrayList<>();
        for (JsonNode s : requested) {
            if (!defined.contains(s.asText())) {
                undefined.add(s.asText());
            }
        }
        if (!undefined.isEmpty()) {
            return invalidBody("Scopes are not defined by the resource server "
                    + rs.get("identifier").asText() + ": " + String.join(",", undefined));
        }
        return null;
    }

    private static Reply inexistentGrant() {
        return mgmtError(404, "Not Found", "The client grant does not exist", "inexistent_client_grant");
    }
}
