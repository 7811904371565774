package dev.apimauth0.simulator;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and secrets in the shapes Auth0 uses. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    static String newKid() {
        return randomString(22);
    }

    static String newClientId() {
        return randomString(32);
    }

    static String newGrantId() {
        return "cgr_" + randomString(16);
    }

    static String newResourceServerId() {
        return randomHex(24);
    }

    static String randomSecret() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String randomString(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    private static String randomHex(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return sb.toString();
    }
}
