package dev.apimauth0.km;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Corrects issuer spellings Auth0 could never send, so a typo cannot silently switch token validation off (every
 * genuine token would otherwise be "another issuer's"): Auth0's {@code iss} is always {@code https://HOST/}, with
 * the trailing slash, for the tenant domain and for custom domains alike. A missing trailing slash is added, and
 * plain http off loopback becomes https, each with one warning naming the field. http on loopback is kept (test
 * tenants and local simulators).
 */
final class IssuerSpelling {

    private static final Log LOG = LogFactory.getLog(IssuerSpelling.class);

    private IssuerSpelling() {
    }

    static String correct(String keyManagerName, String field, String issuer) {
        String corrected = issuer.trim();
        try {
            URI u = new URI(corrected);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ("http".equals(scheme) && !isLoopback(u.getHost())) {
                corrected = "https" + corrected.substring(scheme.length());
            }
        } catch (URISyntaxException e) {
            return corrected; // already refused as a URL by the settings
        }
        if (!corrected.endsWith("/")) {
            corrected = corrected + "/";
        }
        if (!corrected.equals(issuer.trim())) {
            LOG.warn("Auth0 key manager \"" + keyManagerName + "\": " + field + " \"" + issuer.trim() + "\" is not an "
                    + "issuer Auth0 sends (Auth0 issues https://HOST/ with the trailing slash); validating tokens for \""
                    + corrected + "\" instead. Correct " + field + " in the Admin Portal");
        }
        return corrected;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
