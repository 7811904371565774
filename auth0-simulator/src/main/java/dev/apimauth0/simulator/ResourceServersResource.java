package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
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
 * {@code /api/v2/resource-servers}: create (409 for a taken identifier), list (by identifiers, paged), and read,
 * update and delete by id or by URL-encoded identifier; the Management API itself is a system resource server that
 * cannot be changed. A hook staged with {@link FaultInjector#afterNextResourceServerRead} runs right after a read.
 * The caller holds the tenant's lock.
 */
final class ResourceServersResource {

    private final TenantState state;
    private final FaultInjector faults;
    private final String managementAudience;

    ResourceServersResource(TenantState state, FaultInjector faults, String managementAudience) {
        this.state = state;
        this.faults = faults;
        this.managementAudience = managementAudience;
    }

    /** Answers a request under this resource; {@code seg} is the path below /api/v2/ split at each slash. */
    Reply handle(Caller caller, String method, String[] seg, ObjectNode json, Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = caller.insufficientScope("create:resource_servers")) != null) {
                    return denied;
                }
                Reply invalid = validateResourceServer(RequestBodies.CREATE_RESOURCE_SERVER, json);
                if (invalid != null) {
                    return invalid;
                }
                String identifier = json.get("identifier").asText();
                if (identifier.equals(managementAudience) || state.findResourceServerByIdentifier(identifier) != null) {
                    return mgmtError(409, "Conflict", "A resource server with the same identifier already exists",
                            "conflict");
                }
                ObjectNode rs = state.newResourceServer(json.path("name").asText(identifier), identifier, List.of());
                ObjectNode fields = json.deepCopy();
                fields.remove("identifier");
                patch(rs, fields);
                return new Reply(201, rs.deepCopy());
            }
            if (!method.equals("GET")) {
                return notFound();
            }
            if ((denied = caller.insufficientScope("read:resource_servers")) != null) {
                return denied;
            }
            Reply bad = ListQuery.check(query, Set.of("identifiers", "page", "per_page", "include_totals", "include_fields"), 1);
            if (bad != null) {
                return bad;
            }
            List<ObjectNode> all = new ArrayList<>();
            Set<String> identifiers = query.containsKey("identifiers") ? Set.of(query.get("identifiers").split(",")) : null;
            for (ObjectNode rs : state.allResourceServers()) {
                if (identifiers == null || identifiers.contains(rs.get("identifier").asText())) {
                    all.add(rs);
                }
            }
            return ListQuery.page(all, query, "resource_servers");
        }
        if (seg.length != 2) {
            return notFound();
        }
        ObjectNode rs = state.findResourceServer(urlDecode(seg[1]));
        switch (method) {
            case "GET": {
                if ((denied = caller.insufficientScope("read:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                Reply r = new Reply(200, rs.deepCopy());
                Runnable hook = faults.takeAfterRead(rs.get("id").asText());
                if (hook != null) {
                    hook.run(); // runs under the state lock, after the reply was copied: the caller's view is now stale
                }
                return r;
            }
            case "PATCH": {
                if ((denied = caller.insufficientScope("update:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                if (rs.path("is_system").asBoolean(false)) {
                    return mgmtError(400, "Bad Request", "System resource servers cannot be patched", "operation_not_supported");
                }
                Reply invalid = validateResourceServer(RequestBodies.UPDATE_RESOURCE_SERVER, json);
                if (invalid != null) {
                    return invalid;
                }
                patch(rs, json);
                return new Reply(200, rs.deepCopy());
            }
            case "DELETE": {
                if ((denied = caller.insufficientScope("delete:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                if (rs.path("is_system").asBoolean(false)) {
                    return mgmtError(400, "Bad Request", "System resource servers cannot be deleted", "operation_not_supported");
                }
                state.removeResourceServer(rs.get("id").asText());
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    /** The definition's rules, and one Auth0 states in words: scope values are unique on a resource server. */
    private static Reply validateResourceServer(BodyRule rule, ObjectNode json) {
        Reply invalid = validateBody(rule, json);
        if (invalid != null) {
            return invalid;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode s : json.path("scopes")) {
            if (!seen.add(s.get("value").asText())) {
                return invalidBody("Payload validation error: duplicate scope value " + s.get("value").asText());
            }
        }
        return null;
    }

    private static Reply inexistentResourceServer() {
        return mgmtError(404, "Not Found", "The resource server does not exist", "inexistent_resource_server");
    }
}
