package dev.apimauth0.km;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the key manager needs to know of one Auth0 application, read back from Auth0 itself (the client and its
 * client grants), never only from what this connector once wrote: applications created by the stock connector
 * 1.0.1 have no client_metadata, and a grant may have been edited in the Auth0 Dashboard since. Immutable.
 */
final class ApplicationProfile {

    final String clientId;
    /** The API its tokens are for; null when it has no grant and no recorded audience. */
    final String audience;
    /** Whether the application holds a client grant for {@link #audience}. */
    final boolean granted;
    /** Auth0's token_endpoint_auth_method of the application. */
    final String authMethod;
    final List<String> grantTypes;
    final List<String> callbacks;

    ApplicationProfile(String clientId, String audience, boolean granted, String authMethod, List<String> grantTypes,
                       List<String> callbacks) {
        this.clientId = clientId;
        this.audience = audience;
        this.granted = granted;
        this.authMethod = authMethod;
        this.grantTypes = Collections.unmodifiableList(new ArrayList<>(grantTypes));
        this.callbacks = Collections.unmodifiableList(new ArrayList<>(callbacks));
    }

    ApplicationProfile withAudience(String newAudience, boolean nowGranted) {
        return new ApplicationProfile(clientId, newAudience, nowGranted, authMethod, grantTypes, callbacks);
    }
}
