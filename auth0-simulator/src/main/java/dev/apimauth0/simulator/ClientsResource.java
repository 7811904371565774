package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.simulator.Params.patch;
import static dev.apimauth0.simulator.Params.urlDecode;
import static dev.apimauth0.simulator.Reply.invalidBody;
import static dev.apimauth0.simulator.Reply.mgmtError;
import static dev.apimauth0.simulator.Reply.notFound;
import static dev.apimauth0.simulator.Reply.validateBody;

/**
 * {@code /api/v2/clients}: create, list (paged, filtered by app_type, fields chosen), read, update, delete and
 * rotate-secret, each with the scope Auth0 asks for; {@code client_secret} is shown only to callers holding
 * read:client_keys and set only by those holding update:client_keys. The caller holds the tenant's lock.
 */
final class ClientsResource {

    private final TenantState state;

    ClientsResource(TenantState state) {
        this.state = state;
    }

    /** Answers a request under this resource; {@code seg} is the path below /api/v2/ split at each slash. */
    Reply handle(Caller caller, String method, String[] seg, ObjectNode json, Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = caller.insufficientScope("create:clients")) != null) {
                    return denied;
                }
                Reply invalid = validateBody(RequestBodies.CREATE_CLIENT, json);
                if (invalid != null) {
                    return invalid;
                }
                return new Reply(201, state.storeNewClient(json).deepCopy());
            }
            if (method.equals("GET")) {
                if ((denied = caller.insufficientScope("read:clients", "read:client_keys")) != null) {
                    return denied;
                }
                return listClients(caller, query);
            }
            return notFound();
        }
        String id = urlDecode(seg[1]);
        if (seg.length == 3 && seg[2].equals("rotate-secret") && method.equals("POST")) {
            if ((denied = caller.insufficientScope("update:client_keys")) != null) {
                return denied;
            }
            ObjectNode c = state.client(id);
            if (c == null) {
                return inexistentClient();
            }
            c.put("client_secret", Ids.randomSecret());
            return new Reply(200, c.deepCopy());
        }
        if (seg.length != 2) {
            return notFound();
        }
        switch (method) {
            case "GET": {
                if ((denied = caller.insufficientScope("read:clients", "read:client_keys")) != null) {
                    return denied;
                }
                ObjectNode c = state.client(id);
                return c == null ? inexistentClient() : new Reply(200, clientView(c, caller));
            }
            case "PATCH": {
                if ((denied = caller.insufficientScope("update:clients", "update:client_keys")) != null) {
                    return denied;
                }
                ObjectNode c = state.client(id);
                if (c == null) {
                    return inexistentClient();
                }
                if (json.has("client_secret") && !caller.has("update:client_keys")) {
                    return mgmtError(403, "Forbidden", "Insufficient scope, expected any of: update:client_keys",
                            "insufficient_scope");
                }
                Reply invalid = validateBody(RequestBodies.UPDATE_CLIENT, json);
                if (invalid != null) {
                    return invalid;
                }
                ObjectNode change = json.deepCopy();
                JsonNode secret = change.remove("client_secret");
                // the definition allows any non-empty secret; Auth0's dashboard and docs ask for at least 32 characters
                if (secret != null && secret.asText().length() < 32) {
                    return invalidBody("Payload validation error: 'String is too short (" + secret.asText().length()
                            + " chars), minimum 32' on property client_secret.");
                }
                patch(c, change);
                if (secret != null) {
                    c.put("client_secret", secret.asText());
                }
                return new Reply(200, clientView(c, caller));
            }
            case "DELETE": {
                if ((denied = caller.insufficientScope("delete:clients")) != null) {
                    return denied;
                }
                if (!state.removeClient(id)) {
                    return inexistentClient();
                }
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    /** GET /clients as Auth0 pages it: page (from 0), per_page (default 50, at most 100), fields and include_fields. */
    private Reply listClients(Caller caller, Map<String, String> query) {
        Reply bad = ListQuery.check(query, Set.of("fields", "include_fields", "page", "per_page", "include_totals",
                "is_global", "is_first_party", "app_type"), 0);
        if (bad != null) {
            return bad;
        }
        Set<String> fields = query.containsKey("fields") ? new LinkedHashSet<>(Arrays.asList(query.get("fields").split(",")))
                : Set.of();
        boolean include = !"false".equals(query.get("include_fields"));
        Set<String> appTypes = query.containsKey("app_type") ? Set.of(query.get("app_type").split(",")) : null;
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode c : state.allClients()) {
            if (appTypes == null || appTypes.contains(c.path("app_type").asText())) {
                ObjectNode v = clientView(c, caller);
                if (!fields.isEmpty()) {
                    List<String> keep = new ArrayList<>();
                    v.fieldNames().forEachRemaining(f -> {
                        if (fields.contains(f) == include) {
                            keep.add(f);
                        }
                    });
                    v.retain(keep);
                }
                matching.add(v);
            }
        }
        return ListQuery.page(matching, query, "clients");
    }

    private ObjectNode clientView(ObjectNode c, Caller caller) {
        ObjectNode v = c.deepCopy();
        if (!caller.has("read:client_keys")) {
            v.remove("client_secret");
        }
        return v;
    }

    private static Reply inexistentClient() {
        return mgmtError(404, "Not Found", "The client does not exist", "inexistent_client");
    }
}
