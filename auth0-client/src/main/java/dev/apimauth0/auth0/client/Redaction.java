package dev.apimauth0.auth0.client;

import java.util.regex.Pattern;

import dev.apimauth0.core.token.TokenHash;

/** Keeps secrets and tokens out of messages: a token becomes a short hash, a known secret becomes ***. */
final class Redaction {

    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final int MAX_MESSAGE = 300;

    private Redaction() {
    }

    /** A short, non-reversible tag for a token, safe for logs: {@code sha256:} and core's {@link TokenHash}. */
    static String tokenHash(String token) {
        return TokenHash.tag(token);
    }

    /** Removes the given secrets and anything shaped like a JWT from a server-supplied message, and bounds its length. */
    static String clean(String message, String... secrets) {
        if (message == null) {
            return "";
        }
        String m = message;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                m = m.replace(s, "***");
            }
        }
        java.util.regex.Matcher matcher = JWT.matcher(m);
        StringBuffer sb = new StringBuffer();
        while (matcher.find()) {
            matcher.appendReplacement(sb, tokenHash(matcher.group()));
        }
        matcher.appendTail(sb);
        m = sb.toString().replaceAll("[\\r\\n\\t]+", " ");
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }
}
