package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ResourceServerScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps APIM scopes on one Auth0 API (resource server). Auth0 offers no conditional write, so every change is
 * an optimistic read-modify-write: read, apply the change, read again and write only if nothing moved in
 * between, then read back and re-apply if a write by someone else landed on top. A scope another
 * administrator added meanwhile is therefore kept, never silently dropped.
 */
final class ResourceServerScopes {

    private static final Log LOG = LogFactory.getLog(ResourceServerScopes.class);
    static final int MAX_ATTEMPTS = 5;

    /** A change to the scope list: returns the desired list given the current one. */
    interface Change {
        List<ResourceServerScope> apply(List<ResourceServerScope> current);
    }

    private final Auth0Client client;
    private final String audience;

    ResourceServerScopes(Auth0Client client, String audience) {
        this.client = client;
        this.audience = audience;
    }

    String audience() {
        return audience;
    }

    List<ResourceServerScope> read() throws Auth0Exception {
        return client.getResourceServer(audience).scopes();
    }

    /** Applies the change; returns the scopes Auth0 holds afterwards. */
    List<ResourceServerScope> modify(String what, Change change) throws Auth0Exception, ScopeSyncConflictException {
        List<ResourceServerScope> current = read();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<ResourceServerScope> desired = change.apply(current);
            if (desired.equals(current)) {
                return current;
            }
            // re-read just before writing: a write by someone else since our read would be lost otherwise
            List<ResourceServerScope> recheck = read();
            if (!recheck.equals(current)) {
                LOG.info("Auth0 API " + audience + " changed while " + what + "; re-applying on the new scopes");
                current = recheck;
                continue;
            }
            client.updateResourceServerScopes(audience, desired);
            List<ResourceServerScope> after = read();
            if (after.equals(desired) || change.apply(after).equals(after)) {
                return after;
            }
            LOG.info("Auth0 API " + audience + " was written by someone else right after " + what + "; re-applying");
            current = after;
        }
        throw new ScopeSyncConflictException("Auth0 API " + audience + " kept changing while " + what + " ("
                + MAX_ATTEMPTS + " attempts); nothing more was written, try again");
    }

    static Change put(final Collection<ResourceServerScope> scopes) {
        return new Change() {
            @Override
            public List<ResourceServerScope> apply(List<ResourceServerScope> current) {
                Map<String, ResourceServerScope> byValue = new LinkedHashMap<>();
                for (ResourceServerScope s : current) {
                    byValue.put(s.value(), s);
                }
                for (ResourceServerScope s : scopes) {
                    byValue.put(s.value(), s);
                }
                return new ArrayList<>(byValue.values());
            }
        };
    }

    static Change remove(final Collection<String> values) {
        return new Change() {
            @Override
            public List<ResourceServerScope> apply(List<ResourceServerScope> current) {
                List<ResourceServerScope> out = new ArrayList<>();
                for (ResourceServerScope s : current) {
                    if (!values.contains(s.value())) {
                        out.add(s);
                    }
                }
                return out;
            }
        };
    }

    /** Scopes could not be written because the API kept changing. */
    static final class ScopeSyncConflictException extends Exception {
        private static final long serialVersionUID = 1L;

        ScopeSyncConflictException(String message) {
            super(message);
        }
    }
}
