package dev.apimauth0.km;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names Auth0 applications after their APIM owner, application and key type. The name is stable (the same
 * inputs always give the same name), unique (a hash of the exact inputs and tenant is appended, so names that
 * read alike after clean-up still differ) and within Auth0's rules (no angle brackets; kept short and printable).
 */
final class ApplicationNames {

    static final int MAX_LENGTH = 128;
    private static final int PART_LENGTH = 40;

    private ApplicationNames() {
    }

    static String name(String tenantDomain, String owner, String application, String keyType) {
        String hash = hash(nz(tenantDomain) + "\n" + nz(owner) + "\n" + nz(application) + "\n" + nz(keyType));
        StringBuilder sb = new StringBuilder("apim");
        append(sb, owner);
        append(sb, application);
        append(sb, keyType == null ? null : keyType.toUpperCase(java.util.Locale.ROOT));
        sb.append('_').append(hash);
        return sb.length() <= MAX_LENGTH ? sb.toString() : sb.substring(0, MAX_LENGTH);
    }

    private static void append(StringBuilder sb, String part) {
        if (part == null || part.trim().isEmpty()) {
            return;
        }
        sb.append('_').append(clean(part.trim()));
    }

    /** Letters, digits and . - @ stay; anything else (angle brackets, control characters, spaces, /) becomes '-'. */
    static String clean(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < PART_LENGTH; i++) {
            char c = s.charAt(i);
            boolean keep = Character.isLetterOrDigit(c) && c < 0x2000 || c == '.' || c == '-' || c == '@';
            out.append(keep ? c : '-');
        }
        return out.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required", e);
        }
    }
}
