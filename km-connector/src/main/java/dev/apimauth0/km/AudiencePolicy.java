package dev.apimauth0.km;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import static dev.apimauth0.km.Auth0KeyManagerConstants.ALLOWED_API_AUDIENCES;
import static dev.apimauth0.km.Auth0KeyManagerConstants.API_AUDIENCE;
import static dev.apimauth0.km.Auth0KeyManagerConstants.AUDIENCE_OF_API;

/**
 * Which Auth0 APIs applications may be granted. Developers choose the audience (and the scopes) in the Developer
 * Portal, and the grant is created with this key manager's own create:client_grants permission: without a limit a
 * developer could grant their application any API of the tenant, internal ones included, with any of its scopes.
 * Only the operator's allowed_api_audiences (by default just api_audience) pass; the Management API never does,
 * however it is spelt, as a grant there would hand a developer's application the tenant's administration
 * (read:client_keys, create:clients, ...).
 */
final class AudiencePolicy {

    private static final Log LOG = LogFactory.getLog(AudiencePolicy.class);

    private AudiencePolicy() {
    }

    /** Refuses an audience a grant may not be written for; null passes (nothing to grant). */
    static void refuseUngrantable(String audience, Auth0KeyManagerSettings s) throws APIManagementException {
        if (audience == null) {
            return;
        }
        refuseManagementApi(audience, s);
        if (!s.audienceAllowed(audience)) {
            LOG.warn("Auth0 key manager \"" + s.name + "\": refused " + AUDIENCE_OF_API + " \"" + shorten(audience)
                    + "\", which is not in " + ALLOWED_API_AUDIENCES + " (" + describeAllowed(s) + ")");
            throw KeyManagerError.refused(s.name, AUDIENCE_OF_API + " \"" + shorten(audience) + "\" is not an API this "
                    + "key manager may grant: it is not in " + ALLOWED_API_AUDIENCES + " (" + describeAllowed(s)
                    + "); an administrator can add it in the Admin Portal");
        }
    }

    /** The Developer Portal never hands out grants or tokens for the tenant's own administration. */
    static void refuseManagementApi(String audience, Auth0KeyManagerSettings s) throws APIManagementException {
        if (isManagementApi(audience, s)) {
            throw KeyManagerError.refused(s.name, AUDIENCE_OF_API + " must be the identifier of one of your APIs in "
                    + "Auth0, not the Auth0 Management API (" + audience + ")");
        }
    }

    /** {@code https://HOST/api/v2} (any case, trailing slashes) on the tenant's own domain or one of its issuers' hosts. */
    static boolean isManagementApi(String audience, Auth0KeyManagerSettings s) {
        URI a;
        try {
            a = new URI(audience.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String path = a.getPath() == null ? "" : a.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (a.getHost() == null || !"/api/v2".equalsIgnoreCase(path)) {
            return false;
        }
        List<String> tenantUrls = new ArrayList<>(s.acceptedIssuers);
        tenantUrls.add(s.managementAudience);
        tenantUrls.add(s.managementApiUrl);
        for (String url : tenantUrls) {
            try {
                String host = url == null ? null : new URI(url.trim()).getHost();
                if (host != null && host.equalsIgnoreCase(a.getHost())) {
                    return true;
                }
            } catch (URISyntaxException e) {
                // not a URL: cannot name the tenant's host
            }
        }
        return false;
    }

    private static String describeAllowed(Auth0KeyManagerSettings s) {
        List<String> allowed = new ArrayList<>();
        if (s.apiAudience != null) {
            allowed.add(s.apiAudience);
        }
        for (String a : s.allowedAudiences) {
            if (!allowed.contains(a)) {
                allowed.add(a);
            }
        }
        return allowed.isEmpty() ? "none allowed: set " + API_AUDIENCE + " or " + ALLOWED_API_AUDIENCES
                : "allowed: " + Values.join(allowed, ", ");
    }

    private static String shorten(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }
}
