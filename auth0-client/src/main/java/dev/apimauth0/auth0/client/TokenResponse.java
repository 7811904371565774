package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A reply of POST /oauth/token. Immutable; {@link #toString()} shows only a hash of the token. */
public final class TokenResponse {

    private final String accessToken;
    private final String tokenType;
    private final long expiresIn;
    private final List<String> scopes;

    private TokenResponse(String accessToken, String tokenType, long expiresIn, List<String> scopes) {
        this.accessToken = accessToken;
        this.tokenType = tokenType;
        this.expiresIn = expiresIn;
        this.scopes = scopes;
    }

    static TokenResponse fromJson(JsonNode n) {
        String token = Json.text(n, "access_token");
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("no access_token in the token reply");
        }
        JsonNode exp = n.get("expires_in");
        if (exp == null || !exp.canConvertToLong() || exp.asLong() <= 0) {
            throw new IllegalArgumentException("no positive expires_in in the token reply");
        }
        List<String> scopes = new ArrayList<>();
        String scope = Json.text(n, "scope");
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        String type = Json.text(n, "token_type");
        return new TokenResponse(token, type == null ? "Bearer" : type, exp.asLong(), Collections.unmodifiableList(scopes));
    }

    public String accessToken() { return accessToken; }
    public String tokenType() { return tokenType; }
    /** Seconds the token stays valid from issue. */
    public long expiresIn() { return expiresIn; }
    public List<String> scopes() { return scopes; }

    @Override
    public String toString() {
        return "TokenResponse[token=" + Redaction.tokenHash(accessToken) + ", expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
