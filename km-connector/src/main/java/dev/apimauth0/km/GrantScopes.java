package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ClientGrant;
import dev.apimauth0.auth0.client.ResourceServerScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.AM_APPLICATION_SCOPE;
import static dev.apimauth0.km.Auth0KeyManagerConstants.OAUTH2_DEFAULT_SCOPE;

/**
 * The scope policy: which scopes an application's client grant may hold, and when they are added.
 *
 * <ul>
 *   <li>{@code default} (and {@code am_application_scope}) are APIM's own: they mean "no particular scope". They
 *       are never sent to Auth0 and never refused.</li>
 *   <li>Any other scope may be granted when it is defined on the Auth0 API the grant is for (for the default API
 *       audience those are the APIM scopes scope sync keeps there). Others are refused with a 400 naming them,
 *       before anything is written.</li>
 *   <li>Generate Keys grants the scopes asked for; Update Keys (APIM passes no scope) leaves the grant's scopes
 *       as they are; Generate Access Token adds the scopes asked for that the grant lacks, then asks for them.</li>
 *   <li>A grant is only ever widened by what was asked for. Scopes a grant holds that its API no longer defines
 *       (such as the stock connector's {@code default}) are dropped when the grant is next written, since Auth0
 *       refuses to write them.</li>
 * </ul>
 *
 * APIM's role bindings of scopes are not applied: Auth0 client-credentials tokens carry no user whose roles could
 * be checked. An operator who must keep a scope from developers keeps it off the Auth0 APIs applications may be
 * granted (allowed_api_audiences).
 */
final class GrantScopes {

    private static final Log LOG = LogFactory.getLog(GrantScopes.class);
    static final Set<String> APIM_ONLY = Collections.unmodifiableSet(
            new HashSet<>(Arrays.asList(OAUTH2_DEFAULT_SCOPE, AM_APPLICATION_SCOPE)));

    private final Auth0Client client;

    GrantScopes(Auth0Client client) {
        this.client = client;
    }

    /** The requested scopes without APIM's own, in order, without repeats. */
    static List<String> meaningful(Collection<String> requested) {
        List<String> out = new ArrayList<>();
        if (requested != null) {
            for (String s : requested) {
                if (s != null && !APIM_ONLY.contains(s) && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The scope values the Auth0 API defines. */
    Set<String> definedOn(String audience) throws Auth0Exception {
        Set<String> out = new LinkedHashSet<>();
        for (ResourceServerScope s : client.getResourceServer(audience).scopes()) {
            out.add(s.value());
        }
        return out;
    }

    /** Refuses, with a 400 naming them, the scopes the audience's API does not define. */
    void refuseUndefined(String audience, List<String> scopes, Set<String> defined, String keyManagerName)
            throws APIManagementException {
        List<String> undefined = new ArrayList<>();
        for (String s : scopes) {
            if (!defined.contains(s)) {
                undefined.add(s);
            }
        }
        if (!undefined.isEmpty()) {
            throw KeyManagerError.badRequest("Auth0 key manager \"" + keyManagerName + "\": "
                    + (undefined.size() == 1 ? "scope " : "scopes ") + quoted(undefined)
                    + (undefined.size() == 1 ? " is" : " are") + " not defined on the Auth0 API " + audience
                    + ", so no application can be granted " + (undefined.size() == 1 ? "it" : "them")
                    + "; pick scopes of the APIs you subscribed to, or ask an administrator to add "
                    + (undefined.size() == 1 ? "it" : "them") + " to the Auth0 API");
        }
    }

    /**
     * Makes the application's grant for the audience hold at least {@code add}: creates the grant when there is
     * none, widens it when it lacks some. Returns true when something was written. {@code defined} may be null:
     * it is then read from Auth0 if a grant has to be widened.
     */
    boolean ensure(String clientId, String audience, Collection<String> add, Set<String> defined) throws Auth0Exception {
        List<ClientGrant> grants = client.findClientGrants(clientId, audience);
        if (grants.isEmpty()) {
            try {
                client.createClientGrant(clientId, audience, add);
                return true;
            } catch (Auth0Exception e) {
                if (!e.isConflict()) {
                    throw e;
                }
                grants = client.findClientGrants(clientId, audience); // created meanwhile
            }
        }
        boolean wrote = false;
        for (ClientGrant g : grants) {
            Set<String> held = new LinkedHashSet<>(g.scopes());
            if (held.containsAll(add)) {
                continue;
            }
            if (defined == null) {
                defined = definedOn(audience);
            }
            Set<String> target = new LinkedHashSet<>();
            for (String s : held) {
                if (defined.contains(s)) {
                    target.add(s);
                } else {
                    LOG.info("Auth0 grant " + g.id() + " of " + clientId + ": dropping scope \"" + s
                            + "\", which the Auth0 API " + audience + " no longer defines");
                }
            }
            target.addAll(add);
            client.updateClientGrant(g.id(), new ArrayList<>(target));
            wrote = true;
        }
        return wrote;
    }

    /** The scopes the application's grant for the audience holds, empty when there is none. */
    List<String> held(String clientId, String audience) throws Auth0Exception {
        List<String> out = new ArrayList<>();
        for (ClientGrant g : client.findClientGrants(clientId, audience)) {
            for (String s : g.scopes()) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String quoted(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(v.length() > 80 ? v.substring(0, 80) + "..." : v).append('"');
        }
        return sb.toString();
    }
}
