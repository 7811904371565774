package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.axiom.om.OMAbstractFactory;
import org.apache.axiom.soap.SOAPEnvelope;
import org.apache.axis2.context.ConfigurationContext;
import org.apache.axis2.context.OperationContext;
import org.apache.axis2.context.ServiceContext;
import org.apache.axis2.context.ServiceGroupContext;
import org.apache.axis2.description.AxisOperation;
import org.apache.axis2.description.AxisService;
import org.apache.axis2.description.TransportOutDescription;
import org.apache.synapse.MessageContext;
import org.apache.synapse.SynapseConstants;
import org.apache.synapse.commons.util.PropertyHelper;
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.apimauth0.gateway.Auth0TokenGuardHandler;
import dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The global handler's request path. Apache Synapse has no global-handler hook, so this test does what WSO2's
 * Axis2SynapseEnvironment.injectMessage does before API dispatch: it builds real Axis2/Synapse message contexts on
 * the running engine (only the socket at the end of Axis2's out flow is replaced by a capturing transport sender)
 * and calls handleRequestInFlow. Settings reach the handler the way WSO2's SynapseHandlersLoader applies
 * {@code <parameter>}s: addProperty, then Synapse's PropertyHelper calling the bean setter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalHandlerMessageContextTest {

    static final String AUDIENCE = "https://orders.example.com/api";
    static final ObjectMapper JSON = new ObjectMapper();

    Auth0TenantSimulator tenant;
    Auth0TenantSimulator otherTenant;
    SampleBackend backend;
    EmbeddedGateway gateway;
    Auth0TokenGuardSynapseHandler handler;
    CapturingTransportSender sender;
    TransportOutDescription transportOut;
    Auth0TenantSimulator.Credentials app;

    @BeforeAll
    void start() {
        tenant = Auth0TenantSimulator.start();
        tenant.createResourceServer(AUDIENCE, "orders:read", "orders:admin");
        app = tenant.createM2MApplication("orders-reader");
        tenant.grant(app.clientId(), AUDIENCE, "orders:read");
        otherTenant = Auth0TenantSimulator.start();

        backend = SampleBackend.start(0);
        gateway = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                .setting("issuers", tenant.issuer()).setting("audiences", AUDIENCE)
                .setting("jwks_uri", tenant.jwksUri()).start();

        handler = new Auth0TokenGuardSynapseHandler();
        handler.setName("apim_auth0_guard");
        parameter("issuers", tenant.issuer());
        parameter("audiences", AUDIENCE);
        parameter("jwksUri", tenant.jwksUri());
        parameter("auth0OnlyPaths", "/orders/auth0only");
        parameter("requiredScopes", "/orders/admin=orders:admin");
        parameter("realm", "gateway");
        parameter("configFile", gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE).toString());

        sender = new CapturingTransportSender();
        transportOut = new TransportOutDescription("http");
        transportOut.setSender(sender);
    }

    private void parameter(String name, String value) {
        handler.addProperty(name, value);
        PropertyHelper.setInstanceProperty(name, value, handler);
    }

    @AfterAll
    void stop() {
        if (handler != null) {
            handler.destroy();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (tenant != null) {
            tenant.close();
        }
        if (otherTenant != null) {
            otherTenant.close();
        }
    }

    /**
     * What APIM's DefaultAPIHandler (gateway 9.0.174, handleRequestInFlow) does to a call to an API's default version
     * before any configured global handler runs: TransportInURL gets the versioned context
     * ({@code replaceFirst(selectedPath, api.getContext())}) and REST_FULL_REQUEST_PATH is removed. The transport's
     * REST_URL_POSTFIX (the request URI without its leading '/', from ServerWorker.processHttpRequestUri) stays.
     */
    private MessageContext defaultVersionCall(String clientUri, String defaultContext, String versionedContext,
            Map<String, String> headers) throws Exception {
        MessageContext ctx = inbound(clientUri, headers);
        org.apache.axis2.context.MessageContext ax = ((Axis2MessageContext) ctx).getAxis2MessageContext();
        ax.setProperty("REST_URL_POSTFIX", clientUri.substring(1));
        ctx.setProperty("REST_FULL_REQUEST_PATH", clientUri);
        ax.setProperty("TransportInURL", clientUri.replaceFirst(defaultContext, versionedContext));
        ctx.getPropertyKeySet().remove("REST_FULL_REQUEST_PATH");
        return ctx;
    }

    @Test
    void aRuleWrittenForTheDefaultVersionHoldsAfterApimRewritesThePath() throws Exception {
        String reader = "Bearer " + clientCredentialsToken();
        // the global handler's rule is /orders/admin=orders:admin, written as clients call the default version
        MessageContext ctx = defaultVersionCall("/orders/admin/reports?x=1", "/orders", "/orders/1.0.0", headers(reader));
        assertThat(((Axis2MessageContext) ctx).getAxis2MessageContext().getProperty("TransportInURL"))
                .isEqualTo("/orders/1.0.0/admin/reports?x=1");
        assertThat(handler.handleRequestInFlow(ctx)).isFalse();
        assertThat(sender.last().status()).isEqualTo(403);
        // Auth0-only written unversioned, too
        MessageContext missing = defaultVersionCall("/orders/auth0only/items", "/orders", "/orders/1.0.0", headers(null));
        assertThat(handler.handleRequestInFlow(missing)).isFalse();
        assertThat(sender.last().status()).isEqualTo(401);
        // a versioned call of the same resource meets the same rule, and other paths are not touched
        assertThat(handler.handleRequestInFlow(inbound("/orders/admin/reports", headers(reader)))).isFalse();
        assertThat(handler.handleRequestInFlow(defaultVersionCall("/orders/items", "/orders", "/orders/1.0.0",
                headers(reader)))).isTrue();

        // the API-level handler runs on the rewritten path too; its rule written for the versioned call holds for
        // both spellings, and one written for the default version as well
        Auth0TokenGuardHandler api = new Auth0TokenGuardHandler();
        api.setIssuers(tenant.issuer());
        api.setAudiences(AUDIENCE);
        api.setJwksUri(tenant.jwksUri());
        api.setRequiredScopes("/orders/1.0.0/reports=orders:admin,/orders/admin=orders:admin");
        api.setConfigFile(gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE).toString());
        api.init(gateway.synapseEnvironment());
        try {
            assertThat(api.handleRequest(defaultVersionCall("/orders/reports", "/orders", "/orders/1.0.0", headers(reader))))
                    .isFalse();
            assertThat(sender.last().status()).isEqualTo(403);
            assertThat(api.handleRequest(defaultVersionCall("/orders/admin", "/orders", "/orders/1.0.0", headers(reader))))
                    .isFalse();
            assertThat(sender.last().status()).isEqualTo(403);
            assertThat(api.handleRequest(defaultVersionCall("/orders/items", "/orders", "/orders/1.0.0", headers(reader))))
                    .isTrue();
        } finally {
            api.destroy();
        }
    }

    @Test
    void tokenEndpointCallWithBasicAuthPassesUntouched() throws Exception {
        Map<String, String> headers = headers("Basic b3JkZXJzLWNsaWVudDpzZWNyZXQ=");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        MessageContext ctx = inbound("/oauth2/token", headers);
        SOAPEnvelope before = ctx.getEnvelope();

        assertThat(handler.handleRequestInFlow(ctx)).isTrue();
        assertThat(sender.last()).isNull();
        assertThat(ctx.isResponse()).isFalse();
        assertThat(ctx.getEnvelope()).isSameAs(before);
        assertThat(transportHeaders(ctx)).isEqualTo(headers);
        assertThat(ctx.getProperty("apim_auth0.sub")).isNull();
    }

    @Test
    void foreignAndMissingTokensPassUntouchedOffTheAuth0OnlyPaths() throws Exception {
        String foreign = otherTenant.mintToken(otherTenant.m2mClaims("someone", AUDIENCE, "orders:read"));
        for (String authorization : new String[] {null, "Bearer " + foreign, "Bearer opaque-apim-token"}) {
            MessageContext ctx = inbound("/orders/items", headers(authorization));
            assertThat(handler.handleRequestInFlow(ctx)).as(String.valueOf(authorization)).isTrue();
            assertThat(sender.last()).isNull();
        }
    }

    @Test
    void goodTokenPassesWithItsClaimsAsProperties() throws Exception {
        String token = clientCredentialsToken();
        Map<String, String> headers = headers("Bearer " + token);
        MessageContext ctx = inbound("/orders/items?page=2", headers);
        assertThat(handler.handleRequestInFlow(ctx)).isTrue();
        assertThat(sender.last()).isNull();
        assertThat(transportHeaders(ctx)).containsEntry("Authorization", "Bearer " + token);
        assertThat(ctx.getProperty("apim_auth0.sub")).isEqualTo(app.clientId() + "@clients");
        assertThat(ctx.getProperty("apim_auth0.azp")).isEqualTo(app.clientId());
        assertThat(ctx.getProperty("apim_auth0.scope")).isEqualTo("orders:read");
        assertThat(ctx.getProperty("apim_auth0.aud")).isEqualTo(AUDIENCE);
        assertThat(ctx.getProperty("apim_auth0.iss")).isEqualTo(tenant.issuer());
        assertThat(Long.parseLong((String) ctx.getProperty("apim_auth0.exp"))).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void aRepeatedHeaderGetsTheSamePropertiesWhileTheGuardStillJudgesEveryRequest() throws Exception {
        String token = clientCredentialsToken();
        String header = "Bearer " + token;
        MessageContext first = inbound("/orders/items", headers(header));
        assertThat(handler.handleRequestInFlow(first)).isTrue();
        // the next request carries an equal header in a string of its own, as the transport reads it
        MessageContext again = inbound("/orders/items", headers(new String(header.toCharArray())));
        assertThat(handler.handleRequestInFlow(again)).isTrue();
        for (String p : new String[] {"sub", "azp", "scope", "aud", "iss", "exp", "provider", "token_hash"}) {
            assertThat(again.getProperty("apim_auth0." + p)).as(p).isNotNull().isEqualTo(first.getProperty("apim_auth0." + p));
        }
        assertThat(again.getProperty("apim_auth0.token_hash")).isEqualTo(dev.apimauth0.core.token.TokenHash.of(token));
        // a header accepted before decides nothing by itself: the scope rule still refuses it
        assertThat(handler.handleRequestInFlow(inbound("/orders/admin/reports", headers(new String(header.toCharArray())))))
                .isFalse();
        assertThat(sender.last().status()).isEqualTo(403);
        // nor does it pass a guard of another tenant, on whose Auth0-only path this token is foreign
        Auth0TokenGuardSynapseHandler other = new Auth0TokenGuardSynapseHandler();
        other.setName("other_tenant_guard");
        PropertyHelper.setInstanceProperty("issuers", otherTenant.issuer(), other);
        PropertyHelper.setInstanceProperty("audiences", AUDIENCE, other);
        PropertyHelper.setInstanceProperty("jwksUri", otherTenant.jwksUri(), other);
        PropertyHelper.setInstanceProperty("auth0OnlyPaths", "/orders", other);
        PropertyHelper.setInstanceProperty("configFile", gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE).toString(), other);
        try {
            MessageContext foreign = inbound("/orders/items", headers(new String(header.toCharArray())));
            assertThat(other.handleRequestInFlow(foreign)).isFalse();
            assertThat(sender.last().status()).isEqualTo(401);
            assertThat(foreign.getProperty("apim_auth0.sub")).isNull();
        } finally {
            other.destroy();
        }
        // a quoted spelling is judged as APIM reads it (the quotes stripped) and gets the same properties
        MessageContext quoted = inbound("/orders/items", headers("Bearer \"" + token + "\""));
        assertThat(handler.handleRequestInFlow(quoted)).isTrue();
        assertThat(quoted.getProperty("apim_auth0.token_hash")).isEqualTo(first.getProperty("apim_auth0.token_hash"));
    }

    @Test
    void expiredTokenIsAnsweredHereWith401() throws Exception {
        Map<String, Object> claims = tenant.m2mClaims(app.clientId(), AUDIENCE, "orders:read");
        long now = System.currentTimeMillis() / 1000;
        claims.put("iat", now - 7200);
        claims.put("exp", now - 3600);
        String token = tenant.mintToken(claims);
        MessageContext ctx = inbound("/orders/items", headers("Bearer " + token));

        assertThat(handler.handleRequestInFlow(ctx)).isFalse();
        CapturingTransportSender.Sent sent = sender.last();
        assertThat(sent).isNotNull();
        assertThat(sent.status()).isEqualTo(401);
        assertThat(sent.headers().get("WWW-Authenticate")).startsWith("Bearer").contains("realm=\"gateway\"")
                .contains("error=\"invalid_token\"");
        assertThat(sent.headers()).doesNotContainKey("Authorization");
        assertThat(sent.headers().get("Content-Type")).isEqualToIgnoringCase("application/json; charset=UTF-8");
        assertThat(sent.body()).doesNotContain(token);
        JsonNode fault = JSON.readTree(sent.body());
        assertThat(fault.get("code").asText()).isEqualTo("900903");
        assertThat(fault.get("message").asText()).isEqualTo("Access Token Expired");
        // what APIM's APIAuthenticationHandler.handleAuthFailure sets, so analytics count an auth fault
        assertThat(ctx.getProperty("ERROR_CODE")).isEqualTo(900903);
        assertThat(ctx.getProperty("ERROR_MESSAGE")).isEqualTo("Access Token Expired");
        assertThat(ctx.getProperty("ERROR_DETAIL")).isEqualTo(fault.get("description").asText());
        assertThat(ctx.isResponse()).isTrue();
        assertThat(ctx.getTo()).isNull();
    }

    @Test
    void missingTokenOnAnAuth0OnlyPathIsAnsweredHere() throws Exception {
        MessageContext ctx = inbound("/orders/auth0only/x?y=1", headers(null));
        assertThat(handler.handleRequestInFlow(ctx)).isFalse();
        CapturingTransportSender.Sent sent = sender.last();
        assertThat(sent.status()).isEqualTo(401);
        assertThat(JSON.readTree(sent.body()).at("/code").asText()).isEqualTo("900902");
        assertThat(JSON.readTree(sent.body()).at("/message").asText()).isEqualTo("Missing Credentials");
    }

    @Test
    void corsPreflightOnAnAuth0OnlyPathIsLeftToTheCorsHandler() throws Exception {
        MessageContext preflight = inbound("/orders/auth0only/x", headers(null));
        ((Axis2MessageContext) preflight).getAxis2MessageContext().setProperty("HTTP_METHOD", "OPTIONS");
        assertThat(handler.handleRequestInFlow(preflight)).isTrue();
        assertThat(sender.last()).isNull();

        MessageContext get = inbound("/orders/auth0only/x", headers(null));
        ((Axis2MessageContext) get).getAxis2MessageContext().setProperty("HTTP_METHOD", "GET");
        assertThat(handler.handleRequestInFlow(get)).isFalse();
        assertThat(sender.last().status()).isEqualTo(401);
    }

    @Test
    void insufficientScopeIsAnsweredWith403() throws Exception {
        MessageContext ctx = inbound("/orders/admin/reports", headers("Bearer " + clientCredentialsToken()));
        assertThat(handler.handleRequestInFlow(ctx)).isFalse();
        CapturingTransportSender.Sent sent = sender.last();
        assertThat(sent.status()).isEqualTo(403);
        assertThat(sent.headers().get("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
                .contains("scope=\"orders:admin\"");
        assertThat(JSON.readTree(sent.body()).at("/code").asText()).isEqualTo("900910");
    }

    @Test
    void getRequestsLoseNoEntityBodySoTheFaultIsWritten() throws Exception {
        MessageContext ctx = inbound("/orders/items", headers("Bearer opaque-token-of-another-key-manager"));
        ((Axis2MessageContext) ctx).getAxis2MessageContext().setProperty("NO_ENTITY_BODY", Boolean.TRUE);
        MessageContext auth0Only = inbound("/orders/auth0only/items", headers("Bearer opaque-token-of-another-key-manager"));
        ((Axis2MessageContext) auth0Only).getAxis2MessageContext().setProperty("NO_ENTITY_BODY", Boolean.TRUE);
        assertThat(handler.handleRequestInFlow(ctx)).isTrue();
        assertThat(handler.handleRequestInFlow(auth0Only)).isFalse();
        assertThat(((Axis2MessageContext) auth0Only).getAxis2MessageContext().getProperty("NO_ENTITY_BODY")).isNull();
        assertThat(sender.last().body()).contains("\"code\":\"900901\"");
    }

    @Test
    void messagesOfTheWebSocketInboundPathAreLeftAlone() throws Exception {
        // APIM's DefaultAPIHandler and AnalyticsMetricsHandler skip messages carrying websocket.subscriber.path
        MessageContext ctx = inbound("/orders/auth0only/items", headers("Bearer not.a.jwt-of-ours"));
        ctx.setProperty("websocket.subscriber.path", "/orders/auth0only/items");
        assertThat(handler.handleRequestInFlow(ctx)).isTrue();
        assertThat(sender.last()).isNull();
        MessageContext http = inbound("/orders/auth0only/items", headers("Bearer not.a.jwt-of-ours"));
        assertThat(handler.handleRequestInFlow(http)).isFalse();
    }

    @Test
    void otherFlowsAreLeftAlone() throws Exception {
        MessageContext ctx = inbound("/orders/items", headers("Bearer garbage"));
        assertThat(handler.handleRequestOutFlow(ctx)).isTrue();
        assertThat(handler.handleResponseInFlow(ctx)).isTrue();
        assertThat(handler.handleResponseOutFlow(ctx)).isTrue();
        assertThat(sender.last()).isNull();
    }

    /** A handler of this tenant with claim_properties set as a {@code <parameter>}. */
    private Auth0TokenGuardSynapseHandler withClaimProperties(String value) {
        Auth0TokenGuardSynapseHandler h = new Auth0TokenGuardSynapseHandler();
        h.setName("claims_" + value.replace(',', '_'));
        PropertyHelper.setInstanceProperty("issuers", tenant.issuer(), h);
        PropertyHelper.setInstanceProperty("audiences", AUDIENCE, h);
        PropertyHelper.setInstanceProperty("jwksUri", tenant.jwksUri(), h);
        PropertyHelper.setInstanceProperty("configFile", gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE).toString(), h);
        PropertyHelper.setInstanceProperty("claimProperties", value, h);
        return h;
    }

    @Test
    void claimPropertiesChoosesWhichPropertiesAnAcceptedTokenSets() throws Exception {
        String header = "Bearer " + clientCredentialsToken();
        String[] all = {"sub", "azp", "scope", "aud", "iss", "exp", "provider", "token_hash"};
        Auth0TokenGuardSynapseHandler some = withClaimProperties("sub,scope");
        Auth0TokenGuardSynapseHandler none = withClaimProperties("none");
        try {
            MessageContext ctx = inbound("/orders/items", headers(header));
            assertThat(some.handleRequestInFlow(ctx)).isTrue();
            assertThat(ctx.getProperty("apim_auth0.sub")).isEqualTo(app.clientId() + "@clients");
            assertThat(ctx.getProperty("apim_auth0.scope")).isEqualTo("orders:read");
            for (String p : all) {
                if (!p.equals("sub") && !p.equals("scope")) {
                    assertThat(ctx.getProperty("apim_auth0." + p)).as(p).isNull();
                }
            }
            MessageContext bare = inbound("/orders/items", headers(new String(header.toCharArray())));
            assertThat(none.handleRequestInFlow(bare)).isTrue();
            for (String p : all) {
                assertThat(bare.getProperty("apim_auth0." + p)).as(p).isNull();
            }
            // choosing fewer properties changes no decision
            assertThat(none.handleRequestInFlow(inbound("/orders/items", headers("Bearer x.y.z")))).isFalse();
            assertThat(sender.last().status()).isEqualTo(401);
        } finally {
            some.destroy();
            none.destroy();
        }
    }

    @Test
    void aMistypedClaimPropertyNameStopsTheHandlerWithTheKeyAndTheNamesToWrite() throws Exception {
        Auth0TokenGuardSynapseHandler typo = withClaimProperties("sub,subject");
        try {
            assertThat(typo.handleRequestInFlow(inbound("/orders/items", headers("Bearer " + clientCredentialsToken()))))
                    .isFalse();
            assertThat(sender.last().status()).isEqualTo(500);
            assertThat(typo.configurationError()).startsWith("apim_auth0.gateway.claim_properties: ")
                    .contains("sub,azp,scope,aud,iss,exp,provider,token_hash").contains("\"subject\"");
        } finally {
            typo.destroy();
        }
    }

    @Test
    void aMisconfiguredGlobalHandlerRefusesBearerTokensButLetsTokenEndpointsWork() throws Exception {
        Auth0TokenGuardSynapseHandler broken = new Auth0TokenGuardSynapseHandler();
        broken.setName("broken");
        PropertyHelper.setInstanceProperty("issuers", tenant.issuer(), broken);
        PropertyHelper.setInstanceProperty("configFile", gateway.home().resolve(EmbeddedGateway.SETTINGS_FILE).toString(), broken);
        PropertyHelper.setInstanceProperty("clockLeewaySeconds", "abc", broken);
        try {
            assertThat(broken.handleRequestInFlow(inbound("/oauth2/token", headers("Basic b3JkZXJzOnNlY3JldA==")))).isTrue();
            assertThat(sender.last()).isNull();
            assertThat(broken.handleRequestInFlow(inbound("/orders/items", headers("Bearer " + clientCredentialsToken())))).isFalse();
            assertThat(sender.last().status()).isEqualTo(500);
            assertThat(broken.configurationError()).startsWith("apim_auth0.gateway.clock_leeway_seconds: ");
            // APIM would authenticate with the Bearer token behind the Basic credentials: refused too
            assertThat(broken.handleRequestInFlow(inbound("/orders/items",
                    headers("Basic b3JkZXJzOnNlY3JldA==, Bearer " + clientCredentialsToken())))).isFalse();
            assertThat(sender.last().status()).isEqualTo(500);
        } finally {
            broken.destroy();
        }
    }

    // ------------------------------------------------------------------ message contexts as the engine makes them

    private MessageContext inbound(String requestUri, Map<String, String> headers) throws Exception {
        resetSender();
        ConfigurationContext cc = gateway.configurationContext();
        org.apache.axis2.context.MessageContext ax = cc.createMessageContext();
        AxisService service = cc.getAxisConfiguration().getService(SynapseConstants.SYNAPSE_SERVICE_NAME);
        AxisOperation operation = service.getOperation(SynapseConstants.SYNAPSE_OPERATION_NAME);
        ServiceGroupContext sgc = cc.createServiceGroupContext(service.getAxisServiceGroup());
        ServiceContext sc = sgc.getServiceContext(service);
        OperationContext oc = sc.createOperationContext(operation);
        ax.setServiceContext(sc);
        ax.setAxisService(service);
        ax.setAxisOperation(operation);
        ax.setOperationContext(oc);
        oc.addMessageContext(ax);
        ax.setServerSide(true);
        ax.setDoingREST(true);
        ax.setIncomingTransportName("http");
        ax.setTransportOut(transportOut);
        ax.setProperty("TransportInURL", requestUri);
        ax.setProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS, new TreeMap<>(headers));
        ax.setEnvelope(OMAbstractFactory.getSOAP11Factory().getDefaultEnvelope());
        return new Axis2MessageContext(ax, gateway.synapseConfiguration(), gateway.synapseEnvironment());
    }

    private void resetSender() {
        // one capture per message
        try {
            java.lang.reflect.Field f = CapturingTransportSender.class.getDeclaredField("last");
            f.setAccessible(true);
            f.set(sender, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String authorization) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", "gateway.example.com");
        h.put("Accept", "application/json");
        if (authorization != null) {
            h.put("Authorization", authorization);
        }
        return h;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transportHeaders(MessageContext ctx) {
        return (Map<String, Object>) ((Axis2MessageContext) ctx).getAxis2MessageContext()
                .getProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS);
    }

    private String clientCredentialsToken() throws Exception {
        return ClientCredentials.token(tenant, app, AUDIENCE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
