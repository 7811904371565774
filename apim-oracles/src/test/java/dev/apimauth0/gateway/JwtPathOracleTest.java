package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.dto.KeyManagerConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityConstants;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityException;
import org.wso2.carbon.apimgt.gateway.handlers.security.AuthenticationContext;
import org.wso2.carbon.apimgt.gateway.handlers.security.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.dto.KeyManagerDto;
import org.wso2.carbon.apimgt.impl.factory.KeyManagerHolder;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

import dev.apimauth0.oracle.AdminPortalKeyManager;
import dev.apimauth0.oracle.GatewayNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import dev.apimauth0.validator.Auth0JwtValidator;

/**
 * The JWT path, by APIM's own code: gateway 9.0.174 {@code handlers.security.jwt.JWTValidator.authenticate(SignedJWTInfo,
 * MessageContext)} (created with its public constructor, as {@code OAuthAuthenticator.init} does), which runs its
 * private getJwtValidationInfo (the gateway token, key and invalid-token caches, checkTokenExpiration on cache hits),
 * impl's {@code JWTValidationServiceImpl.validateJWTToken} ({@code KeyManagerHolder.getKeyManagerByIssuer}), then
 * validateSubscriptionUsingKeyManager and validateScopes through the real {@code APIKeyValidator} →
 * {@code WSAPIKeyDataStore} → {@code APIKeyValidatorClient} → keymgt {@code APIKeyValidationService} →
 * {@code DefaultKeyValidationHandler.validateSubscription / validateScopes} over keymgt's real in-memory
 * {@code SubscriptionDataStoreImpl}, and {@code GatewayUtils.generateAuthenticationContext}.
 *
 * <p>The validator is the one the project's connector names (jwt-validator's {@link Auth0JwtValidator}), created by
 * impl's real {@code KeyManagerHolder.addKeyManagerConfiguration} for an Auth0 key manager with "self validate JWT"
 * on; tokens come from the Auth0 tenant simulator and are parsed as {@code OAuthAuthenticator.getSignedJwt} parses
 * them (nimbus 7.3 {@code SignedJWT.parse}). A SignedJWTInfo is reused across requests as the gateway's
 * SignedJWT parse cache hands the same object back for the same token.
 *
 * <p>What becomes of an {@code APISecurityException}'s code is {@code APIAuthenticationHandler.handleAuthFailure}'s
 * business, which cannot run here (README.md): by its source 900900 is a 500, 900908 and 900910 a 403, the rest 401.
 */
@Tag("unverified")
class JwtPathOracleTest {

    private Auth0TenantSimulator sim;
    private Auth0TenantSimulator.Credentials mgmt;
    private GatewayNode node;
    private String clientId;
    private JWTValidator gateway;
    private final Map<String, Object> messageProperties = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(AdminPortalKeyManager.API, "read:orders", "write:orders");
        mgmt = sim.createManagementApplication();
        clientId = sim.createM2MApplication("caller").clientId();
        node = GatewayNode.start();
        AdminPortalKeyManager.registerConnector();
        AdminPortalKeyManager.load(selfValidating());
        node.publishAndSubscribe(clientId, AdminPortalKeyManager.NAME, "read:orders");
        gateway = new JWTValidator(GatewayNode.apiKeyValidator(), GatewayNode.TENANT);
    }

    @AfterEach
    void tearDown() {
        AdminPortalKeyManager.remove();
        node.close();
        sim.close();
    }

    /** The Admin Portal's Auth0 key manager with "Self validate JWT" ticked. */
    private KeyManagerConfigurationDTO selfValidating() {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        dto.getAdditionalProperties().put("self_validate_jwt", true);
        return dto;
    }

    private static SignedJWTInfo parsed(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        return new SignedJWTInfo(token, jwt, jwt.getJWTClaimsSet());
    }

    private AuthenticationContext authenticate(SignedJWTInfo info) throws APISecurityException {
        return gateway.authenticate(info, GatewayNode.request(messageProperties));
    }

    private int refusal(SignedJWTInfo info) {
        APISecurityException e = catchThrowableOfType(() -> authenticate(info), APISecurityException.class);
        assertThat(e).as("APISecurityException from JWTValidator.authenticate").isNotNull();
        return e.getErrorCode();
    }

    private static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private String token(String... scopes) {
        return sim.mintToken(sim.m2mClaims(clientId, AdminPortalKeyManager.API, scopes));
    }

    @Test
    void keyManagerHolderPicksTheConnectorsValidatorForTheKeyManagersIssuer() {
        KeyManagerDto dto = KeyManagerHolder.getKeyManagerByIssuer(GatewayNode.TENANT, sim.issuer());
        assertThat(dto).isNotNull();
        assertThat(dto.getName()).isEqualTo(AdminPortalKeyManager.NAME);
        assertThat(dto.getJwtValidator()).isInstanceOf(Auth0JwtValidator.class);
    }

    @Test
    void aGenuineTokenAuthenticatesWithItsConsumerKeyScopesAndSubscription() throws Exception {
        String token = token("read:orders");
        AuthenticationContext ctx = authenticate(parsed(token));

        assertThat(ctx.isAuthenticated()).isTrue();
        assertThat(ctx.getConsumerKey()).as("azp, from our validator").isEqualTo(clientId);
        assertThat(ctx.getIssuer()).isEqualTo(sim.issuer());
        assertThat(ctx.getApiKey()).as("the token's identifier: its signature (Auth0 M2M tokens have no jti)")
                .isEqualTo(signature(token));
        // the subscription DefaultKeyValidationHandler found by consumer key and key manager name
        assertThat(ctx.getApplicationName()).isEqualTo("OrdersClient");
        assertThat(ctx.getKeyType()).isEqualTo("PRODUCTION");
        assertThat(ctx.getTier()).isEqualTo("Unlimited");
        assertThat(ctx.getUsername()).as("gty client-credentials: an application token, so the subscriber")
                .isEqualTo("admin@carbon.super");
        assertThat(messageProperties).containsEntry("Scopes", "[read:orders]");

        JWTValidationInfo cached = (JWTValidationInfo) node.gatewayKeyCache.get(signature(token));
        assertThat(cached.getKeyManager()).as("set by JWTValidationServiceImpl").isEqualTo(AdminPortalKeyManager.NAME);
        assertThat(node.gatewayTokenCache).containsEntry(signature(token), GatewayNode.TENANT);
        assertThat(node.invalidTokenCache).isEmpty();
    }

    @Test
    void theNextRequestIsAnsweredFromTheGatewayKeyCacheWithoutTheValidator() throws Exception {
        String token = token("read:orders");
        SignedJWTInfo info = parsed(token);
        authenticate(info);
        assertThat(info.getValidationStatus()).isEqualTo(SignedJWTInfo.ValidationStatus.VALID);

        AdminPortalKeyManager.remove();
        // expiryTime in milliseconds passes checkTokenExpiration (in seconds it would read as 1970 and fail here)
        assertThat(authenticate(info).getConsumerKey()).isEqualTo(clientId);
        // a token the gateway has not parsed before goes to the validator: with no key manager for its issuer,
        // JWTValidationServiceImpl answers invalid with 900900, which the gateway throws as it is
        assertThat(refusal(parsed(token("read:orders")))).isEqualTo(APISecurityConstants.API_AUTH_GENERAL_ERROR);
    }

    @Test
    void aCachedTokenThatExpiresIsRefusedByTheGatewaysOwnCheckAndMovedToTheInvalidCache() throws Exception {
        Map<String, Object> claims = sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders");
        long exp = System.currentTimeMillis() / 1000 + 2;
        claims.put("exp", exp);
        String token = sim.mintToken(claims);
        SignedJWTInfo info = parsed(token);
        authenticate(info);
        assertThat(((JWTValidationInfo) node.gatewayKeyCache.get(signature(token))).getExpiryTime())
                .as("JWTValidationInfo.expiryTime, milliseconds").isEqualTo(exp * 1000);

        while (System.currentTimeMillis() <= exp * 1000) {
            Thread.sleep(50);
        }
        assertThat(refusal(info)).as("checkTokenExpiration").isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
        assertThat(node.gatewayTokenCache).doesNotContainKey(signature(token));
        assertThat(node.invalidTokenCache).containsKey(signature(token));
        // the key cache keeps the entry, which checkTokenExpiration marked invalid in place
        assertThat(((JWTValidationInfo) node.gatewayKeyCache.get(signature(token))).isValid()).isFalse();
    }

    @Test
    void anExpiredTokenIs900903ThenServedAs900901FromTheInvalidTokenCache() throws Exception {
        Map<String, Object> claims = sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders");
        claims.put("iat", System.currentTimeMillis() / 1000 - 7200);
        claims.put("exp", System.currentTimeMillis() / 1000 - 3600);
        String token = sim.mintToken(claims);
        SignedJWTInfo info = parsed(token);

        APISecurityException e = catchThrowableOfType(() -> authenticate(info), APISecurityException.class);
        assertThat(e.getErrorCode()).isEqualTo(APISecurityConstants.API_AUTH_ACCESS_TOKEN_EXPIRED);
        assertThat(e.getMessage()).isEqualTo("Access Token Expired");
        assertThat(info.getValidationStatus()).isEqualTo(SignedJWTInfo.ValidationStatus.INVALID);
        assertThat(node.invalidTokenCache).containsEntry(signature(token), GatewayNode.TENANT);

        assertThat(refusal(info)).as("the invalid token cache keeps no reason")
                .isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
    }

    @Test
    void aForgedTokenIs900901AndTheRefusalIsCached() throws Exception {
        String forged = sim.mintTokenWithForeignKey(sim.currentKid(),
                sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders"));
        SignedJWTInfo info = parsed(forged);
        APISecurityException e = catchThrowableOfType(() -> authenticate(info), APISecurityException.class);
        assertThat(e.getErrorCode()).isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
        assertThat(e.getMessage()).isEqualTo("Invalid Credentials");
        assertThat(node.invalidTokenCache).containsKey(signature(forged));
        assertThat(node.gatewayKeyCache).isEmpty();

        AdminPortalKeyManager.remove();
        assertThat(refusal(info)).as("from the invalid token cache, without the validator")
                .isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
    }

    @Test
    void aTokenWithoutTheResourcesScopeIs900910AndOneWithoutAnyScopeHasTheDefaultScope() throws Exception {
        assertThat(refusal(parsed(token("write:orders")))).isEqualTo(APISecurityConstants.INVALID_SCOPE);
        Map<String, Object> noScope = sim.m2mClaims(clientId, AdminPortalKeyManager.API);
        noScope.remove("scope");
        SignedJWTInfo unscoped = parsed(sim.mintToken(noScope));
        assertThat(refusal(unscoped)).isEqualTo(APISecurityConstants.INVALID_SCOPE);
        assertThat(((JWTValidationInfo) node.gatewayKeyCache.get(signature(unscoped.getToken()))).getScopes())
                .as("a valid token with a failed scope check stays in the gateway key cache").containsExactly("default");
    }

    @Test
    void aTokenWithoutAzpHasNoConsumerKeyAndIs900908() throws Exception {
        Map<String, Object> claims = sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders");
        claims.remove("azp");
        SignedJWTInfo info = parsed(sim.mintToken(claims));
        APISecurityException e = catchThrowableOfType(() -> authenticate(info), APISecurityException.class);
        assertThat(e.getErrorCode()).isEqualTo(APISecurityConstants.API_AUTH_FORBIDDEN);
        assertThat(e.getMessage()).as("validateSubscriptionUsingKeyManager refuses before any subscription lookup")
                .isEqualTo(APISecurityConstants.API_AUTH_FORBIDDEN_MESSAGE);
        assertThat(((JWTValidationInfo) node.gatewayKeyCache.get(signature(info.getToken()))).isValid())
                .as("our validator calls it valid; the gateway cached it so before refusing").isTrue();
    }

    @Test
    void aTransientFailureOfOurValidatorIs900900AndIsNotCached() throws Exception {
        // a tenant whose JWKS is down from the start: the validator has no key to verify with and throws
        try (Auth0TenantSimulator down = Auth0TenantSimulator.start()) {
            down.jwksDown(true);
            down.createResourceServer(AdminPortalKeyManager.API, "read:orders");
            String caller = down.createM2MApplication("caller").clientId();
            AdminPortalKeyManager.remove();
            KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(down, down.createManagementApplication());
            dto.getAdditionalProperties().put("self_validate_jwt", true);
            AdminPortalKeyManager.load(dto);
            node.publishAndSubscribe(caller, AdminPortalKeyManager.NAME, "read:orders");
            String token = down.mintToken(down.m2mClaims(caller, AdminPortalKeyManager.API, "read:orders"));
            SignedJWTInfo info = parsed(token);

            APISecurityException e = catchThrowableOfType(() -> authenticate(info), APISecurityException.class);
            assertThat(e.getErrorCode()).isEqualTo(APISecurityConstants.API_AUTH_GENERAL_ERROR);
            assertThat(e.getMessage()).isEqualTo(APISecurityConstants.API_AUTH_GENERAL_ERROR_MESSAGE);
            assertThat(info.getValidationStatus()).as("left unvalidated: the next request validates again")
                    .isEqualTo(SignedJWTInfo.ValidationStatus.NOT_VALIDATED);
            assertThat(node.invalidTokenCache).isEmpty();
            assertThat(node.gatewayKeyCache).isEmpty();

            // the validator is asked again (a cached refusal would be 900901 from the invalid token cache)
            assertThat(refusal(info)).isEqualTo(APISecurityConstants.API_AUTH_GENERAL_ERROR);
            assertThat(node.invalidTokenCache).isEmpty();
        }
    }

    @Test
    void withTheGatewayTokenCacheOffNothingIsCached() throws Exception {
        node.close();
        node = GatewayNode.start(Map.of("CacheConfigurations.EnableGatewayTokenCache", "false"));
        node.publishAndSubscribe(clientId, AdminPortalKeyManager.NAME, "read:orders");
        gateway = new JWTValidator(GatewayNode.apiKeyValidator(), GatewayNode.TENANT);
        SignedJWTInfo info = parsed(token("read:orders"));
        authenticate(info);
        assertThatThrownBy(() -> authenticate(parsed(sim.mintTokenWithForeignKey(sim.currentKid(),
                sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders")))))
                .isInstanceOf(APISecurityException.class);
        assertThat(node.gatewayKeyCache).isEmpty();
        assertThat(node.invalidTokenCache).isEmpty();
    }
}
