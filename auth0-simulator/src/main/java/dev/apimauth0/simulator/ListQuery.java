package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.simulator.Reply.invalidQuery;

/** The query of a Management API list: which parameters it takes, Auth0's ranges for them, and the page they select. */
final class ListQuery {

    private ListQuery() {
    }

    /**
     * Refuses query parameters a list does not take and page numbers out of Auth0's range: page from 0, per_page
     * from {@code minPerPage} to 100, include_totals a boolean.
     */
    static Reply check(Map<String, String> query, Set<String> allowed, int minPerPage) {
        for (String q : query.keySet()) {
            if (!allowed.contains(q)) {
                return invalidQuery("Query validation error: 'Additional properties not allowed: " + q + "'.");
            }
        }
        for (String n : List.of("page", "per_page")) {
            if (!query.containsKey(n)) {
                continue;
            }
            long v;
            try {
                v = Long.parseLong(query.get(n));
            } catch (NumberFormatException e) {
                return invalidQuery("Query validation error: 'Expected type integer but found type string' on property " + n + ".");
            }
            long min = n.equals("page") ? 0 : minPerPage;
            long max = n.equals("page") ? Integer.MAX_VALUE : 100;
            if (v < min || v > max) {
                return invalidQuery("Query validation error: 'Value " + v + " is " + (v < min ? "less than minimum " + min
                        : "greater than maximum " + max) + "' on property " + n + ".");
            }
        }
        for (String n : List.of("include_totals", "include_fields", "is_global", "is_first_party")) {
            String v = query.get(n);
            if (v != null && !v.equals("true") && !v.equals("false")) {
                return invalidQuery("Query validation error: 'Expected type boolean but found type string' on property " + n + ".");
            }
        }
        return null;
    }

    /** One page of a list, with Auth0's defaults: page 0, 50 a page; include_totals gives {start, limit, total, name}. */
    static Reply page(List<? extends JsonNode> all, Map<String, String> query, String name) {
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
        ArrayNode arr = SimJwt.JSON.createArrayNode();
        long from = (long) page * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) {
            arr.add(all.get((int) i).deepCopy());
        }
        if ("true".equals(query.get("include_totals"))) {
            ObjectNode o = SimJwt.JSON.createObjectNode();
            o.put("start", from);
            o.put("limit", perPage);
            o.put("total", all.size());
            o.set(name, arr);
            return new Reply(200, o);
        }
        return new Reply(200, arr);
    }
}
