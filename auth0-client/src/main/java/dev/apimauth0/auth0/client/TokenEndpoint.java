package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.message.BasicNameValuePair;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** The tenant's token endpoint: client_credentials, authenticated the way the application is registered. */
final class TokenEndpoint {

    private final Auth0ClientConfig config;
    private final Transport transport;

    TokenEndpoint(Auth0ClientConfig config, Transport transport) {
        this.config = config;
        this.transport = transport;
    }

    /** @param scopes the scopes to ask for; null or empty asks for every granted scope */
    TokenResponse clientCredentials(String clientId, String clientSecret, String audience, Collection<String> scopes,
                                    Auth0Client.ClientAuthentication authentication) throws Auth0Exception {
        Call.requireArg("client_id", clientId);
        Call.requireArg("client_secret", clientSecret);
        Call.requireArg("audience", audience);
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("grant_type", "client_credentials"));
        String authorization = null;
        if (authentication == Auth0Client.ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = formEncode(clientId) + ":" + formEncode(clientSecret);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            form.add(new BasicNameValuePair("client_id", clientId));
            form.add(new BasicNameValuePair("client_secret", clientSecret));
        }
        form.add(new BasicNameValuePair("audience", audience));
        if (scopes != null && !scopes.isEmpty()) {
            form.add(new BasicNameValuePair("scope", joinScopes(scopes)));
        }
        // a token request changes nothing at Auth0: repeating it is safe
        Call call = new Call(authorization, "POST", config.tokenEndpoint(), "POST /oauth/token",
                new UrlEncodedFormEntity(form, StandardCharsets.UTF_8), true, clientSecret);
        JsonNode reply = transport.execute(call);
        try {
            return TokenResponse.fromJson(reply);
        } catch (IllegalArgumentException e) {
            throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, e.getMessage());
        }
    }

    private static String formEncode(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String joinScopes(Collection<String> scopes) {
        StringBuilder sb = new StringBuilder();
        for (String s : scopes) {
            if (s == null || s.trim().isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.trim());
        }
        return sb.toString();
    }
}
