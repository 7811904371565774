package dev.apimauth0.core.token;

import dev.apimauth0.core.config.TokenGuardConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The path rules of a guard: Auth0-only prefixes and scope rules, matched on paths in the normal form of
 * {@link RequestPath} (the most specific scope rule wins).
 */
final class PathRules {

    /** A scope rule and the refusal it answers with when a token lacks one of its scopes. */
    static final class ScopeRule {
        final String prefix;
        final String[] scopes;
        final Decision refusal;

        ScopeRule(String prefix, String[] scopes, Decision refusal) {
            this.prefix = prefix;
            this.scopes = scopes;
            this.refusal = refusal;
        }
    }

    private final ScopeRule[] rules;
    private final String[] auth0OnlyPaths;

    PathRules(TokenGuardConfig config) {
        List<ScopeRule> states = new ArrayList<>();
        for (TokenGuardConfig.ScopeRule rule : config.scopeRules()) {
            states.add(new ScopeRule(rule.pathPrefix(), rule.scopes().toArray(new String[0]),
                    Decision.insufficientScope(config.realm(), String.join(" ", rule.scopes()))));
        }
        Collections.sort(states, (a, b) -> b.prefix.length() - a.prefix.length());
        this.rules = states.toArray(new ScopeRule[0]);
        this.auth0OnlyPaths = config.auth0OnlyPaths().toArray(new String[0]);
    }

    /** Whether any rule looks at the path: only then is it normalized (or refused as ambiguous). */
    boolean configured() {
        return rules.length > 0 || auth0OnlyPaths.length > 0;
    }

    boolean hasScopeRules() {
        return rules.length > 0;
    }

    /** path: in normal form, or null (no request, as for verify). */
    boolean isAuth0Only(String path) {
        if (auth0OnlyPaths.length == 0 || path == null) {
            return false;
        }
        for (String prefix : auth0OnlyPaths) {
            if (RequestPath.startsWith(path, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific rule matching the path that the token does not meet, or null. */
    ScopeRule unmet(VerifiedTokenImpl token, String path) {
        if (path == null) {
            return null;
        }
        for (ScopeRule rule : rules) {
            if (RequestPath.startsWith(path, rule.prefix)) {
                for (String scope : rule.scopes) {
                    if (!token.hasScope(scope)) {
                        return rule;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
