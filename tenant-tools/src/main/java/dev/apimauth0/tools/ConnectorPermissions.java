package dev.apimauth0.tools;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Management API permissions the key manager connector needs, and no more (README "Set up Auth0"): what it
 * does with each is in the comments. A test holds this list to the README's and to the simulator's.
 */
public final class ConnectorPermissions {

    /** Exactly the 12 permissions APIM's machine-to-machine application is granted on the Management API. */
    public static final Set<String> NEEDED = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            // Developer Portal applications: generate, view, update and delete keys
            "create:clients", "read:clients", "update:clients", "delete:clients",
            // read:client_keys returns client secrets (map keys, view keys); update:client_keys regenerates one
            "read:client_keys", "update:client_keys",
            // each application's grant on its API
            "create:client_grants", "read:client_grants", "update:client_grants", "delete:client_grants",
            // scope sync: publishing an API with scopes writes them to the Auth0 API
            "read:resource_servers", "update:resource_servers")));

    /** What `setup` needs of the token it is given, on top of nothing the connector needs itself. */
    public static final Set<String> SETUP = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "read:resource_servers", "create:resource_servers", "update:resource_servers",
            "read:clients", "create:clients", "update:clients", "read:client_keys",
            "read:client_grants", "create:client_grants", "update:client_grants")));

    private ConnectorPermissions() {
    }
}
