package dev.apimauth0.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.apimauth0.core.config.Defaults;
import dev.apimauth0.core.config.GatewaySetting;
import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

/**
 * The whole chain an operator relies on: deployment.toml -> APIM's own config mapper -> our template -> the rendered
 * properties file -> the guard's settings loader (what the gateway handlers run).
 */
class ConfigRenderingIT {

    static final String ISSUER = "https://tenant-a.eu.auth0.com/";

    @TempDir
    Path tmp;

    private ConfigMapperRun render(String toml) throws Exception {
        return ConfigMapperRun.render(ApimHomes.zip(), tmp.resolve("home"), toml);
    }

    @Test
    void withoutOurSectionsNothingIsRenderedAndTheGuardAsksForTheRequiredKey() throws Exception {
        ConfigMapperRun run = render("[server]\nhostname = \"localhost\"\n");

        assertThat(run.properties(ConfigMapperRun.GATEWAY_FILE)).isEmpty();
        assertThat(run.properties(ConfigMapperRun.CONNECTOR_FILE)).isEmpty();
        assertThatThrownBy(() -> GuardSettings.load(run.properties(ConfigMapperRun.GATEWAY_FILE)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.issuers");
    }

    @Test
    void onlyTheKeysSetAreRenderedAndTheCodeSuppliesTheDefaults() throws Exception {
        ConfigMapperRun run = render("[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\n"
                + "audiences = [\"https://api.example.com/orders\"]\n");

        Map<String, String> rendered = run.properties(ConfigMapperRun.GATEWAY_FILE);
        assertThat(rendered).containsOnlyKeys("issuers", "audiences");
        assertThat(rendered).containsEntry("issuers", ISSUER).containsEntry("audiences", "https://api.example.com/orders");

        TokenGuardConfig config = GuardSettings.load(rendered);
        assertThat(config.enabled()).isEqualTo(Defaults.ENABLED);
        assertThat(config.clockLeewaySeconds()).isEqualTo(Defaults.CLOCK_LEEWAY_SECONDS);
        assertThat(config.maxTokenBytes()).isEqualTo(Defaults.MAX_TOKEN_BYTES);
        assertThat(config.verifiedCacheSize()).isEqualTo(Defaults.VERIFIED_CACHE_SIZE);
        assertThat(config.realm()).isEqualTo(Defaults.REALM);
        assertThat(config.auth0OnlyPaths()).isEmpty();
        assertThat(config.scopeRules()).isEmpty();
        assertThat(config.providers()).hasSize(1);
        ProviderConfig provider = config.providers().get(0);
        assertThat(provider.name()).isEqualTo(Defaults.DEFAULT_PROVIDER_NAME);
        assertThat(provider.issuers()).containsExactly(ISSUER);
        assertThat(provider.audiences()).containsExactly("https://api.example.com/orders");
        assertThat(provider.jwksUri()).isEqualTo(URI.create(ISSUER + ".well-known/jwks.json"));
        assertThat(provider.algorithms()).containsExactly(Defaults.ALGORITHM);
        assertThat(provider.allowedAuthorizedParties()).isEmpty();
        assertThat(provider.jwksCooldownMillis()).isEqualTo(Defaults.JWKS_COOLDOWN_MILLIS);
        assertThat(provider.jwksMaxAgeMillis()).isEqualTo(Defaults.JWKS_MAX_AGE_MILLIS);
        assertThat(provider.jwksConnectTimeoutMillis()).isEqualTo(Defaults.JWKS_CONNECT_TIMEOUT_MILLIS);
        assertThat(provider.jwksReadTimeoutMillis()).isEqualTo(Defaults.JWKS_READ_TIMEOUT_MILLIS);
        assertThat(provider.unknownKidMemory()).isEqualTo(Defaults.UNKNOWN_KID_MEMORY);
    }

    @Test
    void everyKeyIsRenderedAndReachesTheGuard() throws Exception {
        ConfigMapperRun run = render("[server]\nhostname = \"localhost\"\n\n"
                + "[apim_auth0.gateway]\n"
                + "enabled = false\n"
                + "issuers = [\"" + ISSUER + "\", \"https://login.example.com/\"]\n"
                + "audiences = [\"https://api.example.com/orders\", \"https://api.example.com/stock\"]\n"
                + "jwks_uri = \"https://tenant-a.eu.auth0.com/keys.json\"\n"
                + "algorithms = [\"RS256\"]\n"
                + "allowed_azp = [\"clientA\", \"clientB\"]\n"
                + "jwks_cooldown_seconds = 10\n"
                + "jwks_max_age_seconds = 120\n"
                + "jwks_connect_timeout_ms = 700\n"
                + "jwks_read_timeout_ms = 900\n"
                + "unknown_kid_memory = 50\n"
                + "realm = \"orders\"\n"
                + "clock_leeway_seconds = 5\n"
                + "max_token_bytes = 4096\n"
                + "verified_cache_size = 0\n"
                + "auth0_only_paths = [\"/orders\", \"/stock\"]\n"
                + "required_scopes = [\"/orders/admin=write:orders read:orders\", \"/stock=read:stock\"]\n"
                + "providers = [\"tenant_b\"]\n"
                + "\n"
                + "[apim_auth0.gateway.provider.tenant_b]\n"
                + "issuers = [\"https://tenant-b.us.auth0.com/\"]\n"
                + "audiences = \"https://api.example.com/b\"\n"
                + "jwks_cooldown_seconds = 60\n");

        Map<String, String> rendered = run.properties(ConfigMapperRun.GATEWAY_FILE);
        assertThat(rendered)
                .containsEntry("enabled", "false")
                .containsEntry("issuers", ISSUER + ",https://login.example.com/")
                .containsEntry("audiences", "https://api.example.com/orders,https://api.example.com/stock")
                .containsEntry("jwks_uri", "https://tenant-a.eu.auth0.com/keys.json")
                .containsEntry("algorithms", "RS256")
                .containsEntry("allowed_azp", "clientA,clientB")
                .containsEntry("jwks_cooldown_seconds", "10")
                .containsEntry("jwks_max_age_seconds", "120")
                .containsEntry("jwks_connect_timeout_ms", "700")
                .containsEntry("jwks_read_timeout_ms", "900")
                .containsEntry("unknown_kid_memory", "50")
                .containsEntry("realm", "orders")
                .containsEntry("clock_leeway_seconds", "5")
                .containsEntry("max_token_bytes", "4096")
                .containsEntry("verified_cache_size", "0")
                .containsEntry("auth0_only_paths", "/orders,/stock")
                .containsEntry("required_scopes", "/orders/admin=write:orders read:orders,/stock=read:stock")
                .containsEntry("providers", "tenant_b")
                .containsEntry("provider.tenant_b.issuers", "https://tenant-b.us.auth0.com/")
                .containsEntry("provider.tenant_b.audiences", "https://api.example.com/b")
                .containsEntry("provider.tenant_b.jwks_cooldown_seconds", "60")
                .hasSize(21);
        // every documented key that the file can carry is covered by this sample
        for (GatewaySetting key : GatewaySetting.ALL) {
            if (key.scope() != GatewaySetting.Scope.HANDLER) {
                assertThat(rendered).as("sample sets documented key " + key.name()).containsKey(key.name());
            }
        }

        TokenGuardConfig config = GuardSettings.load(rendered);
        assertThat(config.enabled()).isFalse();
        assertThat(config.realm()).isEqualTo("orders");
        assertThat(config.clockLeewaySeconds()).isEqualTo(5);
        assertThat(config.maxTokenBytes()).isEqualTo(4096);
        assertThat(config.verifiedCacheSize()).isZero();
        assertThat(config.auth0OnlyPaths()).containsExactly("/orders", "/stock");
        assertThat(config.scopeRules()).hasSize(2);
        assertThat(config.scopeRules().get(0).pathPrefix()).isEqualTo("/orders/admin");
        assertThat(config.scopeRules().get(0).scopes()).containsExactlyInAnyOrder("write:orders", "read:orders");
        assertThat(config.scopeRules().get(1).pathPrefix()).isEqualTo("/stock");
        assertThat(config.scopeRules().get(1).scopes()).containsExactly("read:stock");

        assertThat(config.providers()).extracting(ProviderConfig::name).containsExactly("auth0", "tenant_b");
        ProviderConfig a = config.providers().get(0);
        assertThat(a.issuers()).containsExactly(ISSUER, "https://login.example.com/");
        assertThat(a.audiences()).containsExactly("https://api.example.com/orders", "https://api.example.com/stock");
        assertThat(a.jwksUri()).isEqualTo(URI.create("https://tenant-a.eu.auth0.com/keys.json"));
        assertThat(a.algorithms()).containsExactly("RS256");
        assertThat(a.allowedAuthorizedParties()).containsExactly("clientA", "clientB");
        assertThat(a.jwksCooldownMillis()).isEqualTo(10_000);
        assertThat(a.jwksMaxAgeMillis()).isEqualTo(120_000);
        assertThat(a.jwksConnectTimeoutMillis()).isEqualTo(700);
        assertThat(a.jwksReadTimeoutMillis()).isEqualTo(900);
        assertThat(a.unknownKidMemory()).isEqualTo(50);
        ProviderConfig b = config.providers().get(1);
        assertThat(b.issuers()).containsExactly("https://tenant-b.us.auth0.com/");
        assertThat(b.audiences()).containsExactly("https://api.example.com/b");
        assertThat(b.jwksUri()).isEqualTo(URI.create("https://tenant-b.us.auth0.com/.well-known/jwks.json"));
        assertThat(b.jwksCooldownMillis()).isEqualTo(60_000);
        assertThat(b.jwksConnectTimeoutMillis()).isEqualTo(Defaults.JWKS_CONNECT_TIMEOUT_MILLIS);
    }

    @Test
    void anInvalidValueFailsWithTheKeyAndTheReason() throws Exception {
        ConfigMapperRun run = render("[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\n"
                + "audiences = [\"https://api.example.com/orders\"]\n"
                + "clock_leeway_seconds = \"abc\"\n");

        Map<String, String> rendered = run.properties(ConfigMapperRun.GATEWAY_FILE);
        assertThat(rendered).containsEntry("clock_leeway_seconds", "abc");
        assertThatThrownBy(() -> GuardSettings.load(rendered))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.clock_leeway_seconds: ")
                .hasMessageContaining("\"abc\"")
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo("clock_leeway_seconds"));
    }

    @Test
    void anOutOfRangeNumberAndAWeakAlgorithmAreRefusedByName() throws Exception {
        ConfigMapperRun leeway = render("[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\naudiences = [\"https://api\"]\nclock_leeway_seconds = 301\n");
        assertThatThrownBy(() -> GuardSettings.load(leeway.properties(ConfigMapperRun.GATEWAY_FILE)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.clock_leeway_seconds: ");

        ConfigMapperRun alg = ConfigMapperRun.render(ApimHomes.zip(), tmp.resolve("home2"), "[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\naudiences = [\"https://api\"]\nalgorithms = [\"RS256\", \"HS256\"]\n");
        assertThatThrownBy(() -> GuardSettings.load(alg.properties(ConfigMapperRun.GATEWAY_FILE)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.algorithms: ");
    }

    @Test
    void aMisspelledKeyReachesTheGuardAndIsNamed() throws Exception {
        ConfigMapperRun run = render("[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\naudiences = [\"https://api\"]\nclock_leway_seconds = 5\n");
        assertThat(run.properties(ConfigMapperRun.GATEWAY_FILE)).containsEntry("clock_leway_seconds", "5");
        assertThatThrownBy(() -> GuardSettings.load(run.properties(ConfigMapperRun.GATEWAY_FILE)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.clock_leway_seconds: ");
    }

    @Test
    void oneTomlValueStaysOnePropertiesEntry() throws Exception {
        // a line break or a backslash in a value must not start a new key (e.g. switch the guard off)
        ConfigMapperRun run = render("[apim_auth0.gateway]\n"
                + "issuers = [\"" + ISSUER + "\"]\naudiences = [\"https://api\"]\n"
                + "realm = \"orders\\nenabled = false\\\\\"\n");
        Map<String, String> rendered = run.properties(ConfigMapperRun.GATEWAY_FILE);
        assertThat(rendered).containsOnlyKeys("issuers", "audiences", "realm");
        assertThat(rendered.get("realm")).isEqualTo("orders\nenabled = false\\");
    }

    @Test
    void theConnectorSectionRendersItsOwnFile() throws Exception {
        ConfigMapperRun run = render("[apim_auth0.connector]\ntakeover_stock_type = false\n");
        assertThat(run.properties(ConfigMapperRun.CONNECTOR_FILE)).containsExactly(Map.entry("takeover_stock_type", "false"));
        assertThat(run.properties(ConfigMapperRun.GATEWAY_FILE)).isEmpty();
        assertThat(run.text(ConfigMapperRun.GATEWAY_FILE)).doesNotContain("takeover");
    }

    @Test
    void theShippedSnippetRendersAndLoads() throws Exception {
        String snippet = new String(ApimHomes.read(ApimHomes.zip(), "apim-auth0/deployment-snippet.toml"),
                StandardCharsets.UTF_8);
        ConfigMapperRun run = render("[server]\nhostname = \"localhost\"\n\n" + snippet);

        Map<String, String> gateway = run.properties(ConfigMapperRun.GATEWAY_FILE);
        assertThat(gateway.keySet()).isEqualTo(Set.of("issuers", "audiences"));
        TokenGuardConfig config = GuardSettings.load(gateway);
        assertThat(config.providers().get(0).issuers()).containsExactly("https://your-tenant.eu.auth0.com/");
        assertThat(run.properties(ConfigMapperRun.CONNECTOR_FILE))
                .isEqualTo(Map.of("takeover_stock_type", "true"));
        assertThat(List.of(run.text(ConfigMapperRun.GATEWAY_FILE), run.text(ConfigMapperRun.CONNECTOR_FILE)))
                .allMatch(t -> t.startsWith("# Auth0"));
    }
}
