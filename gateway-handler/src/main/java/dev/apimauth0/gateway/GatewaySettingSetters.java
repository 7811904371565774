package dev.apimauth0.gateway;

import dev.apimauth0.core.config.GatewaySetting;

/**
 * The handler properties of both handlers: one public bean setter per row of {@link GatewaySetting}, named
 * {@code set} + its camelCase property. WSO2's Synapse sets handler properties by reflection on the handler's class
 * ({@code getClass().getMethods()} in PropertyHelper.setInstanceProperty, which APIFactory.defineHandler calls for
 * an API handler's {@code <property>} and SynapseHandlersLoader.populateParameters for a global handler's
 * {@code <parameter>}); that finds these inherited default methods, and a property without a setter would fail the
 * load and with it the gateway. HandlerSignatureTest checks that every row has its setter here and nothing else does.
 * Each value overrides the key in the settings file.
 */
public interface GatewaySettingSetters {

    /** Where the properties go: the handler's settings (the file overridden by these properties). */
    GatewaySettings gatewaySettings();

    /** Handler property enabled: key enabled, see {@link GatewaySetting#ENABLED}. */
    default void setEnabled(String value) {
        gatewaySettings().set(GatewaySetting.ENABLED, value);
    }

    /** Handler property issuers: key issuers, see {@link GatewaySetting#ISSUERS}. */
    default void setIssuers(String value) {
        gatewaySettings().set(GatewaySetting.ISSUERS, value);
    }

    /** Handler property audiences: key audiences, see {@link GatewaySetting#AUDIENCES}. */
    default void setAudiences(String value) {
        gatewaySettings().set(GatewaySetting.AUDIENCES, value);
    }

    /** Handler property jwksUri: key jwks_uri, see {@link GatewaySetting#JWKS_URI}. */
    default void setJwksUri(String value) {
        gatewaySettings().set(GatewaySetting.JWKS_URI, value);
    }

    /** Handler property algorithms: key algorithms, see {@link GatewaySetting#ALGORITHMS}. */
    default void setAlgorithms(String value) {
        gatewaySettings().set(GatewaySetting.ALGORITHMS, value);
    }

    /** Handler property allowedAzp: key allowed_azp, see {@link GatewaySetting#ALLOWED_AZP}. */
    default void setAllowedAzp(String value) {
        gatewaySettings().set(GatewaySetting.ALLOWED_AZP, value);
    }

    /** Handler property jwksCooldownSeconds: key jwks_cooldown_seconds, see {@link GatewaySetting#JWKS_COOLDOWN_SECONDS}. */
    default void setJwksCooldownSeconds(String value) {
        gatewaySettings().set(GatewaySetting.JWKS_COOLDOWN_SECONDS, value);
    }

    /** Handler property jwksMaxAgeSeconds: key jwks_max_age_seconds, see {@link GatewaySetting#JWKS_MAX_AGE_SECONDS}. */
    default void setJwksMaxAgeSeconds(String value) {
        gatewaySettings().set(GatewaySetting.JWKS_MAX_AGE_SECONDS, value);
    }

    /** Handler property jwksConnectTimeoutMs: key jwks_connect_timeout_ms, see {@link GatewaySetting#JWKS_CONNECT_TIMEOUT_MS}. */
    default void setJwksConnectTimeoutMs(String value) {
        gatewaySettings().set(GatewaySetting.JWKS_CONNECT_TIMEOUT_MS, value);
    }

    /** Handler property jwksReadTimeoutMs: key jwks_read_timeout_ms, see {@link GatewaySetting#JWKS_READ_TIMEOUT_MS}. */
    default void setJwksReadTimeoutMs(String value) {
        gatewaySettings().set(GatewaySetting.JWKS_READ_TIMEOUT_MS, value);
    }

    /** Handler property unknownKidMemory: key unknown_kid_memory, see {@link GatewaySetting#UNKNOWN_KID_MEMORY}. */
    default void setUnknownKidMemory(String value) {
        gatewaySettings().set(GatewaySetting.UNKNOWN_KID_MEMORY, value);
    }

    /** Handler property providers: key providers, see {@link GatewaySetting#PROVIDERS}. */
    default void setProviders(String value) {
        gatewaySettings().set(GatewaySetting.PROVIDERS, value);
    }

    /** Handler property realm: key realm, see {@link GatewaySetting#REALM}. */
    default void setRealm(String value) {
        gatewaySettings().set(GatewaySetting.REALM, value);
    }

    /** Handler property clockLeewaySeconds: key clock_leeway_seconds, see {@link GatewaySetting#CLOCK_LEEWAY_SECONDS}. */
    default void setClockLeewaySeconds(String value) {
        gatewaySettings().set(GatewaySetting.CLOCK_LEEWAY_SECONDS, value);
    }

    /** Handler property maxTokenBytes: key max_token_bytes, see {@link GatewaySetting#MAX_TOKEN_BYTES}. */
    default void setMaxTokenBytes(String value) {
        gatewaySettings().set(GatewaySetting.MAX_TOKEN_BYTES, value);
    }

    /** Handler property verifiedCacheSize: key verified_cache_size, see {@link GatewaySetting#VERIFIED_CACHE_SIZE}. */
    default void setVerifiedCacheSize(String value) {
        gatewaySettings().set(GatewaySetting.VERIFIED_CACHE_SIZE, value);
    }

    /** Handler property auth0OnlyPaths: key auth0_only_paths, see {@link GatewaySetting#AUTH0_ONLY_PATHS}. */
    default void setAuth0OnlyPaths(String value) {
        gatewaySettings().set(GatewaySetting.AUTH0_ONLY_PATHS, value);
    }

    /** Handler property requiredScopes: key required_scopes, see {@link GatewaySetting#REQUIRED_SCOPES}. */
    default void setRequiredScopes(String value) {
        gatewaySettings().set(GatewaySetting.REQUIRED_SCOPES, value);
    }

    /** Handler property configFile: key config_file, see {@link GatewaySetting#CONFIG_FILE}. */
    default void setConfigFile(String value) {
        gatewaySettings().set(GatewaySetting.CONFIG_FILE, value);
    }

    /** Handler property authorizationHeaders: key authorization_headers, see {@link GatewaySetting#AUTHORIZATION_HEADERS}. */
    default void setAuthorizationHeaders(String value) {
        gatewaySettings().set(GatewaySetting.AUTHORIZATION_HEADERS, value);
    }

    /** Handler property discardBodyMaxBytes: key discard_body_max_bytes, see {@link GatewaySetting#DISCARD_BODY_MAX_BYTES}. */
    default void setDiscardBodyMaxBytes(String value) {
        gatewaySettings().set(GatewaySetting.DISCARD_BODY_MAX_BYTES, value);
    }

    /** Handler property corsEnabled: key cors_enabled, see {@link GatewaySetting#CORS_ENABLED}. */
    default void setCorsEnabled(String value) {
        gatewaySettings().set(GatewaySetting.CORS_ENABLED, value);
    }

    /** Handler property corsAllowOrigins: key cors_allow_origins, see {@link GatewaySetting#CORS_ALLOW_ORIGINS}. */
    default void setCorsAllowOrigins(String value) {
        gatewaySettings().set(GatewaySetting.CORS_ALLOW_ORIGINS, value);
    }

    /** Handler property corsAllowMethods: key cors_allow_methods, see {@link GatewaySetting#CORS_ALLOW_METHODS}. */
    default void setCorsAllowMethods(String value) {
        gatewaySettings().set(GatewaySetting.CORS_ALLOW_METHODS, value);
    }

    /** Handler property corsAllowHeaders: key cors_allow_headers, see {@link GatewaySetting#CORS_ALLOW_HEADERS}. */
    default void setCorsAllowHeaders(String value) {
        gatewaySettings().set(GatewaySetting.CORS_ALLOW_HEADERS, value);
    }

    /** Handler property corsAllowCredentials: key cors_allow_credentials, see {@link GatewaySetting#CORS_ALLOW_CREDENTIALS}. */
    default void setCorsAllowCredentials(String value) {
        gatewaySettings().set(GatewaySetting.CORS_ALLOW_CREDENTIALS, value);
    }
}
