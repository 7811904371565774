package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ResourceServerScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.Scope;
import org.wso2.carbon.apimgt.api.model.URITemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * APIM's scopes kept as the permissions of the Auth0 API of api_audience (when scope_sync is on): registering,
 * updating and deleting scopes, and the resource scopes of published APIs. One instance per load.
 */
final class ScopeSync {

    private static final Log LOG = LogFactory.getLog(ScopeSync.class);

    private final Auth0KeyManagerSettings settings;
    /** Null when there is no api_audience to keep scopes on. */
    private final ResourceServerScopes scopes;

    ScopeSync(Auth0KeyManagerSettings settings, ResourceServerScopes scopes) {
        this.settings = settings;
        this.scopes = scopes;
    }

    private ResourceServerScopes scopeStore() throws APIManagementException {
        Auth0KeyManagerSettings s = settings;
        return s.syncScopes() ? scopes : null;
    }

    void registerScope(Scope scope) throws APIManagementException {
        writeScopes("registering scope " + key(scope), Collections.singletonList(scope), Collections.<String>emptySet());
    }

    void updateScope(Scope scope) throws APIManagementException {
        writeScopes("updating scope " + key(scope), Collections.singletonList(scope), Collections.<String>emptySet());
    }

    void deleteScope(String scopeName) throws APIManagementException {
        if (Values.isBlank(scopeName)) {
            throw error("a scope name is required to delete a scope");
        }
        writeScopes("deleting scope " + scopeName, Collections.<Scope>emptyList(), Collections.singleton(scopeName));
    }

    Scope getScopeByName(String name) throws APIManagementException {
        ResourceServerScopes store = scopeStore();
        if (store == null || Values.isBlank(name)) {
            return null;
        }
        for (ResourceServerScope s : readScopes(store)) {
            if (s.value().equals(name)) {
                return toScope(s);
            }
        }
        return null;
    }

    Map<String, Scope> getAllScopes() throws APIManagementException {
        Map<String, Scope> out = new LinkedHashMap<>();
        ResourceServerScopes store = scopeStore();
        if (store != null) {
            for (ResourceServerScope s : readScopes(store)) {
                out.put(s.value(), toScope(s));
            }
        }
        return out;
    }

    boolean isScopeExists(String name) throws APIManagementException {
        return getScopeByName(name) != null;
    }

    void validateScopes(Set<Scope> scopesToValidate) throws APIManagementException {
        if (scopesToValidate == null) {
            return;
        }
        for (Scope s : scopesToValidate) {
            key(s);
        }
    }

    void attachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        List<Scope> all = scopesOf(uriTemplates);
        if (!all.isEmpty()) {
            writeScopes("attaching the scopes of API " + apiName(api), all, Collections.<String>emptySet());
        }
    }

    void updateResourceScopes(API api, Set<String> oldLocalScopeKeys, Set<Scope> newLocalScopes,
                                     Set<URITemplate> oldURITemplates, Set<URITemplate> newURITemplates)
            throws APIManagementException {
        List<Scope> wanted = new ArrayList<>();
        if (newLocalScopes != null) {
            wanted.addAll(newLocalScopes);
        }
        wanted.addAll(scopesOf(newURITemplates));
        Set<String> keep = new HashSet<>();
        for (Scope s : wanted) {
            keep.add(s.getKey());
        }
        Set<String> drop = new LinkedHashSet<>();
        if (oldLocalScopeKeys != null) {
            for (String k : oldLocalScopeKeys) {
                if (!keep.contains(k)) {
                    drop.add(k);
                }
            }
        }
        if (!wanted.isEmpty() || !drop.isEmpty()) {
            writeScopes("updating the scopes of API " + apiName(api), wanted, drop);
        }
    }

    void detachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        // Auth0 has no resource-to-scope binding; the scopes themselves go through deleteScope when APIM removes them
        LOG.debug("detachResourceScopes: nothing to do on Auth0 for API " + apiName(api));
    }

    Map<String, Set<Scope>> getScopesForAPIS(String apiIdsString) throws APIManagementException {
        // Auth0 does not know APIM's API ids: the API-to-scope mapping lives in APIM's own database
        return Collections.emptyMap();
    }

    private void writeScopes(String what, Collection<Scope> put, Set<String> remove) throws APIManagementException {
        List<ResourceServerScope> additions = new ArrayList<>();
        for (Scope s : put) {
            additions.add(new ResourceServerScope(key(s), description(s)));
        }
        ResourceServerScopes store = scopeStore();
        if (store == null) {
            LOG.debug("Scope sync is off: " + what + " is not written to Auth0");
            return;
        }
        final ResourceServerScopes.Change putChange = ResourceServerScopes.put(additions);
        final ResourceServerScopes.Change removeChange = ResourceServerScopes.remove(remove);
        try {
            store.modify(what, new ResourceServerScopes.Change() {
                            public List<ResourceServerScope> apply(List<ResourceServerScope> current) {
                    return removeChange.apply(putChange.apply(current));
                }
            });
        } catch (Auth0Exception e) {
            throw failed(what + " on Auth0 API " + store.audience(), e);
        } catch (ResourceServerScopes.ScopeSyncConflictException e) {
            throw error(e.getMessage());
        }
    }

    private List<ResourceServerScope> readScopes(ResourceServerScopes store) throws APIManagementException {
        try {
            return store.read();
        } catch (Auth0Exception e) {
            throw failed("reading the scopes of Auth0 API " + store.audience(), e);
        }
    }

    private static List<Scope> scopesOf(Set<URITemplate> templates) {
        Map<String, Scope> out = new LinkedHashMap<>();
        if (templates != null) {
            for (URITemplate t : templates) {
                List<Scope> list = t.retrieveAllScopes();
                if (list != null) {
                    for (Scope s : list) {
                        if (s != null && s.getKey() != null) {
                            out.put(s.getKey(), s);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The scope's key, checked against what Auth0 accepts as a permission value. */
    private String key(Scope scope) throws APIManagementException {
        String k = scope == null ? null : scope.getKey();
        if (Values.isBlank(k)) {
            throw error("a scope needs a key (its name on Auth0)");
        }
        if (k.length() > 280) {
            throw error("scope \"" + k.substring(0, 40) + "...\" is longer than Auth0's 280 characters");
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\\' || c < 0x21) {
                throw error("scope \"" + k + "\" cannot be an Auth0 permission: no spaces, quotes or backslashes");
            }
        }
        return k;
    }

    private static String description(Scope s) {
        String d = s.getDescription();
        if (Values.isBlank(d)) {
            d = s.getName();
        }
        return Values.isBlank(d) ? s.getKey() : d;
    }

    private static Scope toScope(ResourceServerScope s) {
        Scope scope = new Scope();
        scope.setKey(s.value());
        scope.setName(s.value());
        scope.setDescription(s.description());
        scope.setRoles("");
        return scope;
    }

    private static String apiName(API api) {
        if (api == null) {
            return "(unnamed)";
        }
        return api.getId() != null ? api.getId().toString() : String.valueOf(api.getUuid());
    }

    private APIManagementException error(String message) {
        return KeyManagerError.refused(settings.name, message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        return KeyManagerError.auth0Failed(settings.name, what, e);
    }
}
