package dev.apimauth0.simulator;

import java.util.Set;

/** Who called the Management API: the scopes of a Bearer token the tenant accepted. */
record Caller(Set<String> scopes) {

    boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** Null when the caller holds any of these scopes, else Auth0's 403 insufficient_scope naming them. */
    Reply insufficientScope(String... anyOf) {
        for (String s : anyOf) {
            if (has(s)) {
                return null;
            }
        }
        return Reply.mgmtError(403, "Forbidden", "Insufficient scope, expected any of: " + String.join(",", anyOf),
                "insufficient_scope");
    }
}
