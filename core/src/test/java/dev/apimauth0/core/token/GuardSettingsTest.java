package dev.apimauth0.core.token;

import dev.apimauth0.core.config.GatewaySetting;
import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** String settings (deployment.toml keys) to configuration: defaults, every key, and errors that name the key. */
class GuardSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", "https://tenant.eu.auth0.com/, https://login.example.com/");
        m.put("audiences", "https://api.example.com/orders");
        return m;
    }

    @Test
    void minimalSettingsGiveTheDocumentedDefaults() {
        TokenGuardConfig c = GuardSettings.load(minimal());
        assertThat(c.enabled()).isTrue();
        assertThat(c.realm()).isEqualTo("apim-auth0");
        assertThat(c.clockLeewaySeconds()).isEqualTo(30);
        assertThat(c.maxTokenBytes()).isEqualTo(8192);
        assertThat(c.verifiedCacheSize()).isEqualTo(10000);
        assertThat(c.auth0OnlyPaths()).isEmpty();
        assertThat(c.scopeRules()).isEmpty();
        ProviderConfig p = c.providers().get(0);
        assertThat(c.providers()).hasSize(1);
        assertThat(p.name()).isEqualTo("auth0");
        assertThat(p.issuers()).containsExactly("https://tenant.eu.auth0.com/", "https://login.example.com/");
        assertThat(p.jwksUri()).isEqualTo(URI.create("https://tenant.eu.auth0.com/.well-known/jwks.json"));
        assertThat(p.algorithms()).containsExactly("RS256");
        assertThat(p.allowedAuthorizedParties()).isEmpty();
        assertThat(p.jwksCooldownMillis()).isEqualTo(30_000);
        assertThat(p.jwksMaxAgeMillis()).isEqualTo(600_000);
        assertThat(p.jwksConnectTimeoutMillis()).isEqualTo(2000);
        assertThat(p.jwksReadTimeoutMillis()).isEqualTo(2000);
        assertThat(p.unknownKidMemory()).isEqualTo(1000);
        // the documented defaults are the ones applied
        assertThat(GatewaySetting.named("clock_leeway_seconds").defaultValue()).isEqualTo("30");
        assertThat(GatewaySetting.named("max_token_bytes").defaultValue()).isEqualTo("8192");
        assertThat(GatewaySetting.named("verified_cache_size").defaultValue()).isEqualTo("10000");
        assertThat(GatewaySetting.named("jwks_cooldown_seconds").defaultValue()).isEqualTo("30");
        assertThat(GatewaySetting.named("jwks_max_age_seconds").defaultValue()).isEqualTo("600");
        assertThat(GatewaySetting.named("algorithms").defaultValue()).isEqualTo("RS256");
    }

    @Test
    void everyKeyIsReadAndLandsInTheConfiguration() {
        Map<String, String> m = minimal();
        m.put("enabled", "FALSE");
        m.put("realm", "orders");
        m.put("clock_leeway_seconds", "5");
        m.put("max_token_bytes", "4096");
        m.put("verified_cache_size", "0");
        m.put("auth0_only_paths", "/orders, /billing/");
        m.put("required_scopes", "/orders=read:orders, /orders/admin=admin:orders  read:orders");
        m.put("jwks_uri", "https://tenant.eu.auth0.com/custom/jwks.json");
        m.put("algorithms", "[\"RS256\", \"ES256\"]");
        m.put("allowed_azp", "a,b");
        m.put("jwks_cooldown_seconds", "10");
        m.put("jwks_max_age_seconds", "300");
        m.put("jwks_connect_timeout_ms", "1500");
        m.put("jwks_read_timeout_ms", "2500");
        m.put("unknown_kid_memory", "50");
        m.put("config_file", "/opt/apim/repository/conf/apim-auth0-gateway.properties");
        TokenGuardConfig c = GuardSettings.load(m);
        assertThat(c.enabled()).isFalse();
        assertThat(c.realm()).isEqualTo("orders");
        assertThat(c.clockLeewaySeconds()).isEqualTo(5);
        assertThat(c.maxTokenBytes()).isEqualTo(4096);
        assertThat(c.verifiedCacheSize()).isZero();
        assertThat(c.auth0OnlyPaths()).containsExactly("/orders", "/billing/");
        assertThat(c.scopeRules()).extracting(Object::toString).containsExactly("/orders=read:orders",
                "/orders/admin=admin:orders read:orders");
        ProviderConfig p = c.providers().get(0);
        assertThat(p.jwksUri()).isEqualTo(URI.create("https://tenant.eu.auth0.com/custom/jwks.json"));
        assertThat(p.algorithms()).containsExactly("RS256", "ES256");
        assertThat(p.allowedAuthorizedParties()).containsExactly("a", "b");
        assertThat(p.jwksCooldownMillis()).isEqualTo(10_000);
        assertThat(p.jwksMaxAgeMillis()).isEqualTo(300_000);
        assertThat(p.jwksConnectTimeoutMillis()).isEqualTo(1500);
        assertThat(p.jwksReadTimeoutMillis()).isEqualTo(2500);
        assertThat(p.unknownKidMemory()).isEqualTo(50);
        // every documented key was set above (so this test covers the whole table)
        // (handler keys besides config_file are read by the gateway handlers, not by the guard configuration)
        Set<String> documented = GatewaySetting.ALL.stream()
                .filter(k -> k.scope() != GatewaySetting.Scope.HANDLER || k.name().equals("config_file"))
                .map(GatewaySetting::name).collect(Collectors.toSet());
        Set<String> set = new HashSet<>(m.keySet());
        set.add(GuardSettings.PROVIDERS);
        assertThat(set).isEqualTo(documented);
    }

    @Test
    void moreProvidersAreConfiguredByName() {
        Map<String, String> m = minimal();
        m.put("providers", "eu, us");
        m.put("provider.eu.issuers", "https://eu.example/");
        m.put("provider.eu.audiences", "api-eu");
        m.put("provider.us.issuers", "https://us.example/");
        m.put("provider.us.audiences", "api-us");
        m.put("provider.us.algorithms", "ES384");
        m.put("provider.us.jwks_cooldown_seconds", "60");
        TokenGuardConfig c = GuardSettings.load(m);
        assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("auth0", "eu", "us");
        assertThat(c.providers().get(2).algorithms()).containsExactly("ES384");
        assertThat(c.providers().get(2).jwksCooldownMillis()).isEqualTo(60_000);
        // only named providers, no top-level one
        Map<String, String> only = new HashMap<>();
        only.put("providers", "eu");
        only.put("provider.eu.issuers", "https://eu.example/");
        only.put("provider.eu.audiences", "api-eu");
        assertThat(GuardSettings.load(only).providers()).extracting(ProviderConfig::name).containsExactly("eu");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "clock_leeway_seconds|abc|apim_auth0.gateway.clock_leeway_seconds: must be a whole number of seconds from 0 to 300, got \"abc\"",
        "clock_leeway_seconds|301|apim_auth0.gateway.clock_leeway_seconds: must be a whole number of seconds from 0 to 300, got \"301\"",
        "clock_leeway_seconds|-1|apim_auth0.gateway.clock_leeway_seconds: must be a whole number of seconds from 0 to 300, got \"-1\"",
        "max_token_bytes|10|apim_auth0.gateway.max_token_bytes: must be a whole number of bytes from 256 to 65536, got \"10\"",
        "verified_cache_size|lots|apim_auth0.gateway.verified_cache_size: must be a whole number of entries from 0 (off) to 1000000, got \"lots\"",
        "enabled|yes|apim_auth0.gateway.enabled: must be true or false, got \"yes\"",
        "algorithms|HS256|apim_auth0.gateway.algorithms: none and HS* are refused",
        "algorithms|none|apim_auth0.gateway.algorithms: none and HS* are refused",
        "algorithms|PS256|apim_auth0.gateway.algorithms: must be one of",
        "jwks_uri|http://tenant.eu.auth0.com/.well-known/jwks.json|apim_auth0.gateway.jwks_uri: plain http is refused",
        "jwks_uri|ftp://x/jwks|apim_auth0.gateway.jwks_uri: must be an https URL",
        "jwks_uri|not a url|apim_auth0.gateway.jwks_uri: must be an absolute https URL",
        "jwks_cooldown_seconds|0|apim_auth0.gateway.jwks_cooldown_seconds: must be a whole number of seconds from 1 to 3600, got \"0\"",
        "jwks_max_age_seconds|1.5|apim_auth0.gateway.jwks_max_age_seconds: must be a whole number of seconds from 1 to 86400",
        "jwks_connect_timeout_ms|0|apim_auth0.gateway.jwks_connect_timeout_ms: must be a whole number of milliseconds from 1 to 60000",
        "jwks_read_timeout_ms|99999|apim_auth0.gateway.jwks_read_timeout_ms: must be a whole number of milliseconds from 1 to 60000",
        "unknown_kid_memory|many|apim_auth0.gateway.unknown_kid_memory: must be a whole number of entries from 0 to 1000000",
        "auth0_only_paths|orders|apim_auth0.gateway.auth0_only_paths: a path prefix starts with '/'",
        "required_scopes|/orders|apim_auth0.gateway.required_scopes: each rule is path_prefix=scope1 scope2, got \"/orders\"",
        "required_scopes|/orders=|apim_auth0.gateway.required_scopes: a rule needs at least one scope",
        "realm|a\"b|apim_auth0.gateway.realm: must be 1 to 128 printable characters without quotes or backslashes",
        "clock_leway_seconds|5|apim_auth0.gateway.clock_leway_seconds: is not a known setting (did you mean clock_leeway_seconds?), got \"5\"",
        "issuer|x|apim_auth0.gateway.issuer: is not a known setting (did you mean issuers?)",
        "provider.eu.issuers|x|apim_auth0.gateway.provider.eu.issuers: provider \"eu\" is not listed in providers",
    })
    void invalidValueNamesTheKeyAndTheReason(String key, String value, String message) {
        Map<String, String> m = minimal();
        m.put(key, value);
        assertThatThrownBy(() -> GuardSettings.load(m))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(key));
    }

    @Test
    void missingRequiredProviderKeysAreNamed() {
        Map<String, String> noAud = new HashMap<>();
        noAud.put("issuers", "https://t/");
        assertThatThrownBy(() -> GuardSettings.load(noAud)).hasMessage(
                "apim_auth0.gateway.audiences: at least one audience is required, got \"\"");
        Map<String, String> noIss = new HashMap<>();
        noIss.put("audiences", "a");
        assertThatThrownBy(() -> GuardSettings.load(noIss)).hasMessageStartingWith("apim_auth0.gateway.issuers: ");
        assertThatThrownBy(() -> GuardSettings.load(new HashMap<>())).hasMessageStartingWith("apim_auth0.gateway.issuers: ");
        Map<String, String> m = minimal();
        m.put("providers", "us");
        m.put("provider.us.issuers", "https://us/");
        assertThatThrownBy(() -> GuardSettings.load(m)).hasMessageStartingWith("apim_auth0.gateway.provider.us.audiences: ");
        m.put("provider.us.audiences", "x");
        m.put("provider.us.algorithms", "HS512");
        assertThatThrownBy(() -> GuardSettings.load(m)).hasMessageStartingWith("apim_auth0.gateway.provider.us.algorithms: ");
        m.put("provider.us.algorithms", "RS256");
        m.put("provider.us.issuers", "https://tenant.eu.auth0.com/");
        assertThatThrownBy(() -> GuardSettings.load(m)).hasMessageStartingWith("apim_auth0.gateway.provider.us.issuers: an issuer may belong to one provider only");
        m.put("provider.us.issuers", "https://us/");
        m.put("provider.us.typo", "1");
        assertThatThrownBy(() -> GuardSettings.load(m)).hasMessageStartingWith("apim_auth0.gateway.provider.us.typo: is not a known setting");
    }

    @Test
    void switchedOffGuardNeedsNoProviderAndPassesEverythingThrough() {
        Map<String, String> m = new HashMap<>();
        m.put("enabled", "false");
        TokenGuardConfig c = GuardSettings.load(m);
        assertThat(c.enabled()).isFalse();
        assertThat(c.providers()).isEmpty();
        TokenGuard guard = TokenGuards.create(c);
        try {
            assertThat(guard.check("Bearer a.b.c", "/").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(guard.verify("a.b.c").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(guard.isOurs("a.b.c")).isFalse();
        } finally {
            guard.close();
        }
        m.put("enabled", "true");
        assertThatThrownBy(() -> GuardSettings.load(m)).hasMessageStartingWith("apim_auth0.gateway.issuers: ");
    }

    @Test
    void handlerPropertiesAreTheCamelCaseOfTheKeys() {
        for (GatewaySetting k : GatewaySetting.ALL) {
            assertThat(k.propertyName()).as(k.name()).matches("[a-z][A-Za-z0-9]*")
                    .isEqualToIgnoringCase(k.name().replace("_", ""));
            assertThat(k.setterName()).isEqualTo("set" + Character.toUpperCase(k.propertyName().charAt(0))
                    + k.propertyName().substring(1));
        }
        assertThat(GatewaySetting.CLOCK_LEEWAY_SECONDS.propertyName()).isEqualTo("clockLeewaySeconds");
        assertThat(GatewaySetting.JWKS_CONNECT_TIMEOUT_MS.propertyName()).isEqualTo("jwksConnectTimeoutMs");
        assertThat(GatewaySetting.AUTH0_ONLY_PATHS.propertyName()).isEqualTo("auth0OnlyPaths");
        assertThat(GatewaySetting.JWKS_URI.propertyName()).isEqualTo("jwksUri");
        assertThat(GatewaySetting.ALLOWED_AZP.propertyName()).isEqualTo("allowedAzp");
        assertThat(GatewaySetting.REALM.propertyName()).isEqualTo("realm");
        assertThat(GatewaySetting.VERIFIED_CACHE_SIZE.setterName()).isEqualTo("setVerifiedCacheSize");
    }

    @Test
    void buildersApplyTheTablesDefaultsAndRanges() {
        // the table is the one source: the builders' defaults are its defaults ...
        TokenGuardConfig c = GuardSettings.load(minimal());
        ProviderConfig p = c.providers().get(0);
        assertThat(c.clockLeewaySeconds()).isEqualTo(GatewaySetting.CLOCK_LEEWAY_SECONDS.defaultWhole());
        assertThat(c.maxTokenBytes()).isEqualTo(GatewaySetting.MAX_TOKEN_BYTES.defaultWhole());
        assertThat(c.verifiedCacheSize()).isEqualTo(GatewaySetting.VERIFIED_CACHE_SIZE.defaultWhole());
        assertThat(c.enabled()).isEqualTo(GatewaySetting.ENABLED.defaultBoolean());
        assertThat(c.realm()).isEqualTo(GatewaySetting.REALM.defaultValue());
        assertThat(p.jwksCooldownMillis()).isEqualTo(1000 * GatewaySetting.JWKS_COOLDOWN_SECONDS.defaultWhole());
        assertThat(p.jwksMaxAgeMillis()).isEqualTo(1000 * GatewaySetting.JWKS_MAX_AGE_SECONDS.defaultWhole());
        assertThat(p.jwksConnectTimeoutMillis()).isEqualTo(GatewaySetting.JWKS_CONNECT_TIMEOUT_MS.defaultWhole());
        assertThat(p.jwksReadTimeoutMillis()).isEqualTo(GatewaySetting.JWKS_READ_TIMEOUT_MS.defaultWhole());
        assertThat(p.unknownKidMemory()).isEqualTo(GatewaySetting.UNKNOWN_KID_MEMORY.defaultWhole());
        assertThat(p.algorithms()).containsExactly(GatewaySetting.ALGORITHMS.defaultValue());
        // ... and a builder refuses what parsing refuses, with the same message naming the key
        assertThatThrownBy(() -> TokenGuardConfig.builder().provider(p).clockLeewaySeconds(301).build())
                .hasMessage("apim_auth0.gateway.clock_leeway_seconds: must be a whole number of seconds from 0 to 300, got \"301\"");
        assertThatThrownBy(() -> TokenGuardConfig.builder().provider(p).verifiedCacheSize(-1).build())
                .hasMessage("apim_auth0.gateway.verified_cache_size: must be a whole number of entries from 0 (off) to 1000000, got \"-1\"");
        assertThatThrownBy(() -> ProviderConfig.builder("eu").issuer("https://eu.example/").audience("a")
                .jwksCooldownMillis(500).build())
                .hasMessage("apim_auth0.gateway.provider.eu.jwks_cooldown_seconds: must be a whole number of seconds from 1 to 3600, got \"0.5\"");
        assertThatThrownBy(() -> ProviderConfig.builder("auth0").issuer("https://eu.example/").audience("a")
                .jwksReadTimeoutMillis(60001).build())
                .hasMessage("apim_auth0.gateway.jwks_read_timeout_ms: must be a whole number of milliseconds from 1 to 60000, got \"60001\"");
        for (GatewaySetting k : GatewaySetting.ALL) {
            if (k.scope() == GatewaySetting.Scope.GUARD || k.scope() == GatewaySetting.Scope.PROVIDER) {
                assertThat(GatewaySetting.named(k.name())).isSameAs(k);
            }
        }
    }

    @Test
    void keysTableDocumentsEveryKeyOnceWithAMeaning() {
        // the names themselves are pinned by the README's configuration table, which distribution's ReadmeTest
        // compares with this table row by row: a renamed key (which would break deployment.toml files) fails there
        assertThat(GatewaySetting.ALL).extracting(GatewaySetting::name).doesNotHaveDuplicates();
        for (GatewaySetting k : GatewaySetting.ALL) {
            assertThat(k.meaning()).as(k.name()).isNotBlank();
            assertThat(k.defaultValue()).as(k.name()).isNotBlank();
        }
        assertThat(GatewaySetting.named("clock_leeway_seconds").meaning()).contains("5").contains("60");
    }
}
