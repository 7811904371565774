package dev.apimauth0.km;

/**
 * Reads the names the stock Auth0 connector 1.0.1 gave applications: the owner's tenant-aware user name (a
 * secondary user store's "/" written as "_"), then the APIM application name, then "_" and the key type, with
 * nothing between owner and application (Auth0OAuthClient.createClientInfoFromOauthApplicationInfo).
 */
final class LegacyNames {

    private LegacyNames() {
    }

    /** {application, keyType} when {@code name} is such a name of {@code owner}'s, else null. */
    static String[] split(String name, String owner) {
        if (name == null || owner == null) {
            return null;
        }
        String tenantAware = owner;
        int at = tenantAware.lastIndexOf('@');
        if (at > 0 && tenantAware.indexOf('@') != at) {
            tenantAware = tenantAware.substring(0, at); // user@email.com@tenant.com
        }
        String prefix = tenantAware.replace('/', '_');
        if (!name.startsWith(prefix)) {
            return null;
        }
        for (String keyType : new String[]{"PRODUCTION", "SANDBOX"}) {
            String suffix = "_" + keyType;
            if (name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
                return new String[]{name.substring(prefix.length(), name.length() - suffix.length()), keyType};
            }
        }
        return null;
    }
}
