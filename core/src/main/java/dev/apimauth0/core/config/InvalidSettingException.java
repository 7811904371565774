package dev.apimauth0.core.config;

/**
 * A setting has an invalid value. The message names the key and the reason, e.g.
 * {@code apim_auth0.gateway.clock_leeway_seconds: must be a whole number of seconds from 0 to 300, got "abc"}.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Prefix of every key in messages (the deployment.toml section). */
    public static final String KEY_PREFIX = "apim_auth0.gateway.";

    private final String key;
    private final String reason;

    public InvalidSettingException(String key, String reason, String value) {
        super(KEY_PREFIX + key + ": " + reason + ", got \"" + printable(value) + "\"");
        this.key = key;
        this.reason = reason;
    }

    /** The snake_case key, without the {@code apim_auth0.gateway.} prefix. */
    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }

    /** Values are shown bounded and without control characters (they end up in logs); request paths use it too. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), 120));
        for (int i = 0; i < value.length() && sb.length() < 120; i++) {
            char c = value.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (value.length() > 120) {
            sb.append("...");
        }
        return sb.toString();
    }
}
