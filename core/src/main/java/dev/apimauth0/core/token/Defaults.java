package dev.apimauth0.core.token;

/**
 * Default values of every guard and provider setting. The operator-facing list with meanings is
 * {@link GuardSettings#KEYS}; templates and handlers never repeat these numbers.
 */
public final class Defaults {

    /** Name of the provider configured by the top-level keys. */
    public static final String DEFAULT_PROVIDER_NAME = "auth0";

    public static final boolean ENABLED = true;

    public static final String REALM = "apim-auth0";

    /**
     * Clock leeway applied to exp, nbf and iat: 30 s. Auth0's own Node validator allows 5 s, which
     * assumes a well-synchronised host next to Auth0; gateway nodes are often VMs or containers whose
     * NTP sync lapses for a while, and a token used right after issuance must not fail there with
     * issued_in_future. Envoy allows 60 s. 30 s keeps those false 401s away while extending an
     * expired token's life by at most 30 s (against Auth0's default lifetime of 86400 s).
     */
    public static final long CLOCK_LEEWAY_SECONDS = 30;
    public static final long MAX_CLOCK_LEEWAY_SECONDS = 300;

    /** Tokens longer than this are refused before any decoding (8 KiB, a common header-size cap). */
    public static final int MAX_TOKEN_BYTES = 8192;
    public static final int MIN_MAX_TOKEN_BYTES = 256;
    public static final int MAX_MAX_TOKEN_BYTES = 65536;

    /** Entries of the verified-token cache; 0 disables it. */
    public static final int VERIFIED_CACHE_SIZE = 10000;
    public static final int MAX_VERIFIED_CACHE_SIZE = 1000000;

    public static final String ALGORITHM = "RS256";

    /** At most one JWKS fetch per this period for unknown kids and retries after a failure. */
    public static final long JWKS_COOLDOWN_MILLIS = 30000;
    /** Keys older than this are refreshed in the background (Auth0 publishes the next key ahead of use). */
    public static final long JWKS_MAX_AGE_MILLIS = 600000;
    public static final int JWKS_CONNECT_TIMEOUT_MILLIS = 2000;
    public static final int JWKS_READ_TIMEOUT_MILLIS = 2000;
    /** How many kids that were not in the JWKS after a refresh are remembered (a flood of made-up kids costs no fetches). */
    public static final int UNKNOWN_KID_MEMORY = 1000;
    /**
     * How long a request whose kid is not cached waits for the JWKS fetch in flight before it is
     * rejected with keys_unavailable. Requests with cached kids never wait.
     */
    public static final long JWKS_FETCH_WAIT_MILLIS = 1000;

    /** Longest kid accepted; longer ones are unknown without a lookup (bounds the unknown-kid memory). */
    public static final int MAX_KID_LENGTH = 256;

    /** Handler-only: where the handlers read the rendered settings from. */
    public static final String CONFIG_FILE = "${carbon.home}/repository/conf/apim-auth0-gateway.properties";

    private Defaults() {
    }
}
