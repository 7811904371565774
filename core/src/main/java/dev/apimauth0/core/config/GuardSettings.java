package dev.apimauth0.core.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link TokenGuardConfig} from the gateway's string settings: the snake_case keys of
 * deployment.toml's {@code [apim_auth0.gateway]} section, as rendered into
 * {@code apim-auth0-gateway.properties}, possibly overridden by handler properties. The keys, their
 * ranges and where each value goes are the table {@link GatewaySetting}. Every invalid value, and every
 * unknown key (a typo must not silently weaken a check), throws {@link InvalidSettingException} naming the key.
 */
public final class GuardSettings {

    public static final String PROVIDERS = GatewaySetting.PROVIDERS.name();
    public static final String PROVIDER_PREFIX = "provider.";

    private GuardSettings() {
    }

    /** Builds the configuration; throws {@link InvalidSettingException} naming the first bad key. */
    public static TokenGuardConfig load(Map<String, String> settings) {
        return builder(settings).build();
    }

    /** Like {@link #load(Map)} but returns the builder, for callers that add a clock or switch prefetching. */
    public static TokenGuardConfig.Builder builder(Map<String, String> settings) {
        Map<String, String> s = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            s.put(e.getKey().trim(), e.getValue() == null ? "" : e.getValue().trim());
        }
        Set<String> providerNames = new LinkedHashSet<>();
        if (s.containsKey(PROVIDERS)) {
            for (String name : GatewaySetting.list(s.get(PROVIDERS))) {
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new InvalidSettingException(PROVIDERS, "a provider name is 1 to 64 letters, digits, '_' or '-'", name);
                }
                if (!providerNames.add(name)) {
                    throw new InvalidSettingException(PROVIDERS, "names must be unique", name);
                }
            }
        }
        // every key must be known: top-level, or provider.<listed name>.<provider key>
        boolean topLevelProvider = false;
        for (Map.Entry<String, String> e : s.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(PROVIDER_PREFIX)) {
                String rest = k.substring(PROVIDER_PREFIX.length());
                int dot = rest.indexOf('.');
                String name = dot < 0 ? rest : rest.substring(0, dot);
                String sub = dot < 0 ? "" : rest.substring(dot + 1);
                GatewaySetting known = GatewaySetting.named(sub);
                if (known == null || known.scope() != GatewaySetting.Scope.PROVIDER) {
                    throw unknown(k, e.getValue(), "provider." + name + ".");
                }
                if (!providerNames.contains(name)) {
                    throw new InvalidSettingException(k, "provider \"" + name + "\" is not listed in " + PROVIDERS, e.getValue());
                }
                continue;
            }
            GatewaySetting known = GatewaySetting.named(k);
            if (known == null) {
                throw unknown(k, e.getValue(), "");
            }
            if (known.scope() == GatewaySetting.Scope.PROVIDER) {
                topLevelProvider = true;
            }
        }
        if (topLevelProvider && providerNames.contains(Defaults.DEFAULT_PROVIDER_NAME)) {
            throw new InvalidSettingException(PROVIDERS, "\"" + Defaults.DEFAULT_PROVIDER_NAME
                    + "\" is the provider of the top-level keys; give the extra provider another name", Defaults.DEFAULT_PROVIDER_NAME);
        }

        TokenGuardConfig.Builder b = TokenGuardConfig.builder();
        for (GatewaySetting setting : GatewaySetting.ALL) {
            String value = s.get(setting.name());
            if (setting.scope() == GatewaySetting.Scope.GUARD && value != null) {
                setting.applyTo(b, value);
            }
        }
        if (topLevelProvider) {
            b.provider(provider(Defaults.DEFAULT_PROVIDER_NAME, "", s));
        }
        for (String name : providerNames) {
            b.provider(provider(name, PROVIDER_PREFIX + name + ".", s));
        }
        return b;
    }

    /** Reads settings from properties (the rendered apim-auth0-gateway.properties). */
    public static TokenGuardConfig load(Properties properties) {
        return load(toMap(properties));
    }

    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            m.put(name, properties.getProperty(name));
        }
        return m;
    }

    private static ProviderConfig provider(String name, String prefix, Map<String, String> s) {
        ProviderConfig.Builder p = ProviderConfig.builder(name).settingPrefix(prefix);
        for (GatewaySetting setting : GatewaySetting.ALL) {
            String value = s.get(prefix + setting.name());
            if (setting.scope() == GatewaySetting.Scope.PROVIDER && value != null) {
                setting.applyTo(p, prefix + setting.name(), value);
            }
        }
        return p.build();
    }

    private static InvalidSettingException unknown(String key, String value, String prefix) {
        String tail = prefix.isEmpty() ? key : key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        String best = null;
        int bestDistance = 3;
        for (GatewaySetting k : GatewaySetting.ALL) {
            if (!prefix.isEmpty() && k.scope() != GatewaySetting.Scope.PROVIDER) {
                continue;
            }
            int d = distance(tail, k.name());
            if (d < bestDistance) {
                bestDistance = d;
                best = k.name();
            }
        }
        return new InvalidSettingException(key, "is not a known setting"
                + (best != null ? " (did you mean " + prefix + best + "?)" : "; see the settings table in the README"), value);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
