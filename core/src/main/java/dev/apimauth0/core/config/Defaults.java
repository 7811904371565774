package dev.apimauth0.core.config;

/**
 * Typed views of the defaults declared in {@link GatewaySetting} (for code and tests that need the number), and the
 * few fixed values that are not settings. Nothing here declares a setting's default a second time.
 */
public final class Defaults {

    /** Name of the provider configured by the top-level keys. */
    public static final String DEFAULT_PROVIDER_NAME = "auth0";

    public static final boolean ENABLED = GatewaySetting.ENABLED.defaultBoolean();
    public static final String REALM = GatewaySetting.REALM.defaultValue();
    public static final long CLOCK_LEEWAY_SECONDS = GatewaySetting.CLOCK_LEEWAY_SECONDS.defaultWhole();
    public static final int MAX_TOKEN_BYTES = (int) GatewaySetting.MAX_TOKEN_BYTES.defaultWhole();
    public static final int VERIFIED_CACHE_SIZE = (int) GatewaySetting.VERIFIED_CACHE_SIZE.defaultWhole();
    public static final String ALGORITHM = GatewaySetting.ALGORITHMS.defaultValue();
    public static final long JWKS_COOLDOWN_MILLIS = 1000 * GatewaySetting.JWKS_COOLDOWN_SECONDS.defaultWhole();
    public static final long JWKS_MAX_AGE_MILLIS = 1000 * GatewaySetting.JWKS_MAX_AGE_SECONDS.defaultWhole();
    public static final int JWKS_CONNECT_TIMEOUT_MILLIS = (int) GatewaySetting.JWKS_CONNECT_TIMEOUT_MS.defaultWhole();
    public static final int JWKS_READ_TIMEOUT_MILLIS = (int) GatewaySetting.JWKS_READ_TIMEOUT_MS.defaultWhole();
    public static final int UNKNOWN_KID_MEMORY = (int) GatewaySetting.UNKNOWN_KID_MEMORY.defaultWhole();
    /** Handler-only: where the handlers read the rendered settings from. */
    public static final String CONFIG_FILE = GatewaySetting.CONFIG_FILE.defaultValue();

    /**
     * How long a request whose kid is not cached waits for the JWKS fetch in flight before it is
     * rejected with keys_unavailable. Requests with cached kids never wait. Not a setting.
     */
    public static final long JWKS_FETCH_WAIT_MILLIS = 1000;

    /** Longest kid accepted; longer ones are unknown without a lookup (bounds the unknown-kid memory). Not a setting. */
    public static final int MAX_KID_LENGTH = 256;

    private Defaults() {
    }
}
