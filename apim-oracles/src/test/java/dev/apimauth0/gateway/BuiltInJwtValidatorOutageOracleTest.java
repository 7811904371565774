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
import org.mockito.Mockito;
import org.wso2.carbon.apimgt.api.dto.KeyManagerConfigurationDTO;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityConstants;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityException;
import org.wso2.carbon.apimgt.gateway.handlers.security.AuthenticationContext;
import org.wso2.carbon.apimgt.gateway.handlers.security.jwt.JWTValidator;
import org.wso2.carbon.apimgt.impl.factory.KeyManagerHolder;
import org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder;
import org.wso2.carbon.apimgt.impl.jwt.JWTValidatorImpl;
import org.wso2.carbon.apimgt.impl.jwt.SignedJWTInfo;

import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.oracle.AdminPortalKeyManager;
import dev.apimauth0.oracle.GatewayNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * What a stock 4.0.0 node does with an Auth0 key manager during a JWKS outage, by APIM's own code: the stock Auth0
 * connector (apim-km-auth0 1.0.1, {@code Auth0ConnectorConfiguration.getJWTValidator()} returns null) leaves impl
 * 9.0.174's {@code KeyManagerHolder.getJWTValidator} to create the built-in {@code JWTValidatorImpl}, whose
 * {@code validateSignature(SignedJWT)} fetches the JWKS through {@code JWTUtil.retrieveJWKSConfiguration}
 * ({@code APIUtil.getHttpClient}, Apache HttpClient 4) and, on an IOException (host unreachable) or a ParseException
 * (a 200 reply that is not a JWKS), logs "Error while parsing JWT" and returns true; a non-200 reply makes
 * retrieveJWKSConfiguration return null, and {@code JWKSet.parse(null)} throws a NullPointerException instead. The tokens then run the rest of the gateway's
 * {@code JWTValidator.authenticate} as in {@link JwtPathOracleTest}.
 *
 * <p>The stand-in for the stock connector is the project's own connector configuration answering null to
 * getJWTValidator (a mockito spy): KeyManagerHolder reads nothing else from it for the validator.
 */
@Tag("unverified")
class BuiltInJwtValidatorOutageOracleTest {

    private Auth0TenantSimulator sim;
    private GatewayNode node;
    private String clientId;
    private JWTValidator gateway;

    @BeforeEach
    void setUp() throws Exception {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(AdminPortalKeyManager.API, "read:orders");
        clientId = sim.createM2MApplication("caller").clientId();
        node = GatewayNode.start();
        Auth0ConnectorConfiguration stock = Mockito.spy(new Auth0ConnectorConfiguration());
        Mockito.doReturn(null).when(stock).getJWTValidator();
        ServiceReferenceHolder.getInstance().addKeyManagerConnectorConfiguration(AdminPortalKeyManager.TYPE, stock);
        node.publishAndSubscribe(clientId, AdminPortalKeyManager.NAME, "read:orders");
    }

    @AfterEach
    void tearDown() {
        AdminPortalKeyManager.remove();
        AdminPortalKeyManager.registerConnector(); // the project's connector again, for the tests after this one
        node.close();
        sim.close();
    }

    private void loadKeyManager() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, sim.createManagementApplication());
        dto.getAdditionalProperties().put("self_validate_jwt", true);
        AdminPortalKeyManager.load(dto);
        assertThat(KeyManagerHolder.getKeyManagerByIssuer(GatewayNode.TENANT, sim.issuer()).getJwtValidator())
                .isInstanceOf(JWTValidatorImpl.class);
        gateway = new JWTValidator(GatewayNode.apiKeyValidator(), GatewayNode.TENANT);
    }

    private static SignedJWTInfo parsed(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        return new SignedJWTInfo(token, jwt, jwt.getJWTClaimsSet());
    }

    private AuthenticationContext authenticate(String token) throws Exception {
        return gateway.authenticate(parsed(token), GatewayNode.request(new HashMap<>()));
    }

    private JWTValidationInfo builtIn(String token) throws Exception {
        return KeyManagerHolder.getKeyManagerByIssuer(GatewayNode.TENANT, sim.issuer()).getJwtValidator()
                .validateToken(parsed(token));
    }

    private Map<String, Object> claims() {
        return sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders");
    }

    @Test
    void withTheJwksReachableItRefusesAForgery() throws Exception {
        loadKeyManager();
        assertThat(authenticate(sim.mintToken(claims())).getConsumerKey()).isEqualTo(clientId);
        String forged = sim.mintTokenWithForeignKey("made-up-kid", claims());
        APISecurityException e = catchThrowableOfType(() -> authenticate(forged), APISecurityException.class);
        assertThat(e.getErrorCode()).isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
    }

    @Test
    void whenTheJwksHostIsUnreachableAForgeryWithAnUnknownKidIsAuthenticated() throws Exception {
        loadKeyManager();
        assertThat(authenticate(sim.mintToken(claims())).getConsumerKey()).as("keys fetched").isEqualTo(clientId);
        String forgedKnownKid = sim.mintTokenWithForeignKey(sim.currentKid(), claims());
        String forgedNewKid = sim.mintTokenWithForeignKey("made-up-kid", claims());

        sim.close(); // the JWKS host refuses connections: an IOException in JWTUtil.retrieveJWKSConfiguration

        JWTValidationInfo info = builtIn(forgedNewKid);
        assertThat(info.isValid()).as("validateSignature returns true on the IOException").isTrue();
        assertThat(info.getConsumerKey()).isEqualTo(clientId);
        AuthenticationContext ctx = authenticate(forgedNewKid);
        assertThat(ctx.isAuthenticated()).isTrue();
        assertThat(ctx.getConsumerKey()).as("the forger's azp, subscribed").isEqualTo(clientId);
        assertThat(ctx.getApplicationName()).isEqualTo("OrdersClient");

        // a forgery under the cached kid is still checked against the cached key
        assertThat(builtIn(forgedKnownKid).isValid()).isFalse();
    }

    @Test
    void aNodeThatStartsDuringTheOutageAuthenticatesAnyForgery() throws Exception {
        loadKeyManager();
        String forged = sim.mintTokenWithForeignKey(sim.currentKid(), claims());
        sim.close(); // before the validator's first JWKS fetch
        assertThat(builtIn(forged).isValid()).isTrue();
        assertThat(authenticate(forged).getConsumerKey()).isEqualTo(clientId);
    }

    @Test
    void whenTheJwksAnswers503AnUnknownKidEndsInANullPointerExceptionNotAnAnswer() throws Exception {
        loadKeyManager();
        assertThat(authenticate(sim.mintToken(claims())).getConsumerKey()).as("keys fetched").isEqualTo(clientId);
        String forged = sim.mintTokenWithForeignKey("made-up-kid", claims());
        sim.jwksDown(true);
        // retrieveJWKSConfiguration returns null for a non-200 answer and JWKSet.parse(null) throws a
        // NullPointerException, which neither validateSignature, JWTValidationServiceImpl nor the gateway's
        // getJwtValidationInfo catches (they catch checked exceptions only)
        assertThatThrownBy(() -> builtIn(forged)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> authenticate(forged)).isInstanceOf(NullPointerException.class);
        assertThat(node.invalidTokenCache).isEmpty();
        assertThat(node.gatewayTokenCache).hasSize(1); // the genuine token only
    }

    @Test
    void whenTheJwksHostAnswers200WithAnErrorPageAForgeryWithAnUnknownKidIsAuthenticated() throws Exception {
        // a proxy in front of the JWKS: it relays the tenant's JWKS, then answers with its own error page and 200
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.net.http.HttpClient relay = java.net.http.HttpClient.newHttpClient();
        proxy.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body;
            try {
                body = broken.get() ? "<html><body>Gateway Timeout</body></html>".getBytes()
                        : relay.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.jwksUri())).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                body = new byte[0];
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
        try {
            KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, sim.createManagementApplication());
            dto.getAdditionalProperties().put("self_validate_jwt", true);
            dto.getAdditionalProperties().put("certificate_value",
                    "http://127.0.0.1:" + proxy.getAddress().getPort() + "/.well-known/jwks.json");
            AdminPortalKeyManager.load(dto);
            gateway = new JWTValidator(GatewayNode.apiKeyValidator(), GatewayNode.TENANT);
            assertThat(authenticate(sim.mintToken(claims())).getConsumerKey()).as("keys fetched").isEqualTo(clientId);
            String forged = sim.mintTokenWithForeignKey("made-up-kid", claims());

            broken.set(true); // JWKSet.parse throws a ParseException, which validateSignature also answers with true
            assertThat(builtIn(forged).isValid()).isTrue();
            assertThat(authenticate(forged).getConsumerKey()).isEqualTo(clientId);
        } finally {
            proxy.stop(0);
        }
    }
}
