package dev.apimauth0.auth0.client;

/**
 * Limits of Auth0's Management API v2 that requests are kept within, as its OpenAPI definition states them
 * (CreateClientRequestContent, ClientMetadata, ResourceServerScope, the list parameters). Free text is shortened
 * ({@link #fit}); identifiers that cannot be shortened without changing their meaning are refused by the caller with
 * a message naming the limit.
 */
public final class Auth0Limits {

    /** A client's {@code description}. */
    public static final int CLIENT_DESCRIPTION = 140;
    /** {@code client_metadata}: keys per client, and characters of a key or a value. */
    public static final int CLIENT_METADATA_KEYS = 10;
    public static final int CLIENT_METADATA_CHARS = 255;
    /** A resource server scope's {@code value} (refused when longer) and {@code description} (shortened). */
    public static final int SCOPE_VALUE = 280;
    public static final int SCOPE_DESCRIPTION = 500;
    /** {@code per_page} of every list. */
    public static final int PER_PAGE = 100;

    private Auth0Limits() {
    }

    /**
     * Free text shortened to at most {@code max} characters: longer text keeps its first {@code max - 1} characters
     * and ends with "…" (U+2026), never splitting a surrogate pair. Counted in UTF-16 units, so the result is within
     * the limit however Auth0 counts.
     */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
