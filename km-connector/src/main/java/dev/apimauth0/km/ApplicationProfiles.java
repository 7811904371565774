package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Application;
import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ClientGrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.apimauth0.km.Auth0KeyManagerConstants.META_AUDIENCE;

/**
 * Recovers and caches {@link ApplicationProfile}s. The audience is, in order: the one this connector recorded in
 * client_metadata when the application holds a grant for it; else the application's only grant; else its grant
 * for api_audience; else its first grant for an API this key manager may grant; else its first grant at all
 * (the stock connector asked Auth0 for the first grant's audience too). The Management API never counts.
 */
final class ApplicationProfiles {

    static final int MAX_CACHED = 10000;

    private final Auth0Client client;
    private final Auth0KeyManagerSettings settings;
    private final Map<String, ApplicationProfile> byClient = new ConcurrentHashMap<>();

    ApplicationProfiles(Auth0Client client, Auth0KeyManagerSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The cached profile, or null. */
    ApplicationProfile cached(String clientId) {
        return clientId == null ? null : byClient.get(clientId);
    }

    /** The cached profile, else the client and its grants read from Auth0 (404 propagates as Auth0Exception). */
    ApplicationProfile load(String clientId) throws Auth0Exception {
        ApplicationProfile p = cached(clientId);
        return p != null ? p : of(client.getClient(clientId));
    }

    /** Reads the application's grants and remembers what they say. */
    ApplicationProfile of(Auth0Application app) throws Auth0Exception {
        List<ClientGrant> grants = client.findClientGrants(app.clientId(), null);
        List<String> audiences = new ArrayList<>();
        for (ClientGrant g : grants) {
            if (g.audience() != null && !AudiencePolicy.isManagementApi(g.audience(), settings)
                    && !audiences.contains(g.audience())) {
                audiences.add(g.audience());
            }
        }
        String recorded = app.clientMetadata().get(META_AUDIENCE);
        String audience = choose(recorded, audiences);
        ApplicationProfile p = new ApplicationProfile(app.clientId(), audience, audience != null && audiences.contains(audience),
                app.tokenEndpointAuthMethod(), app.grantTypes(), app.callbacks());
        remember(p);
        return p;
    }

    private String choose(String recorded, List<String> granted) {
        if (recorded != null && granted.contains(recorded)) {
            return recorded;
        }
        if (granted.size() == 1) {
            return granted.get(0);
        }
        if (settings.apiAudience != null && granted.contains(settings.apiAudience)) {
            return settings.apiAudience;
        }
        for (String a : granted) {
            if (settings.audienceAllowed(a)) {
                return a;
            }
        }
        if (!granted.isEmpty()) {
            return granted.get(0);
        }
        return recorded;
    }

    void remember(ApplicationProfile p) {
        if (p == null || p.clientId == null) {
            return;
        }
        if (byClient.size() >= MAX_CACHED) {
            byClient.clear();
        }
        byClient.put(p.clientId, p);
    }

    void forget(String clientId) {
        if (clientId != null) {
            byClient.remove(clientId);
        }
    }
}
