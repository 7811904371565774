package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.TreeMap;

import org.apache.synapse.MessageContext;
import org.apache.synapse.core.axis2.Axis2MessageContext;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityConstants;
import org.wso2.carbon.apimgt.gateway.handlers.security.APISecurityException;

/**
 * The fault, as far as APIM's own code runs: gateway 9.0.174 {@code APIAuthenticationHandler.handleAuthFailure}
 * cannot run outside WSO2's Synapse fork (it calls org.apache.synapse.transport.passthru.util.RelayUtils, a type of
 * the fork's pass-through transport; Apache Synapse 2.1.0 has no pass-through transport), and the body itself comes
 * from the {@code _auth_failure_handler_} sequence of product-apim, not from a class. What it reads runs:
 * {@code APISecurityConstants.getAuthenticationFailureMessage}, {@code getFailureMessageDetailDescription}, the
 * codes, and the challenge its private {@code getAuthenticatorsChallengeString} builds from the authenticators
 * {@code initializeAuthenticators} creates.
 */
class FaultOracleTest {

    // a method handle resolves only the named member (reflection would resolve every signature of the class, and
    // some name Carbon metrics types that are not needed here)
    private static final MethodHandles.Lookup PRIVATE;

    static {
        try {
            PRIVATE = MethodHandles.privateLookupIn(APIAuthenticationHandler.class, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void handleAuthFailureCannotRunWithoutTheForksPassThroughTransport() throws Throwable {
        MethodHandle handleAuthFailure = PRIVATE.findVirtual(APIAuthenticationHandler.class, "handleAuthFailure",
                MethodType.methodType(void.class, MessageContext.class, APISecurityException.class));
        Axis2MessageContext synCtx = Mockito.mock(Axis2MessageContext.class);
        org.apache.axis2.context.MessageContext axis2Ctx = new org.apache.axis2.context.MessageContext();
        axis2Ctx.setProperty(org.apache.axis2.context.MessageContext.TRANSPORT_HEADERS,
                new TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER));
        Mockito.when(synCtx.getAxis2MessageContext()).thenReturn(axis2Ctx);
        APIAuthenticationHandler handler = new APIAuthenticationHandler();
        handler.init(null);
        assertThatThrownBy(() -> handleAuthFailure.invoke(handler, synCtx, new APISecurityException(
                        APISecurityConstants.API_AUTH_INVALID_CREDENTIALS, "Invalid JWT token"))).as("if this ever runs, compare the guard's fault with it here")
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessageContaining("org/apache/synapse/transport/passthru/util/RelayUtils");
        // up to that call it set the properties the failure sequence and analytics read
        Mockito.verify(synCtx).setProperty("ERROR_CODE", APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
        Mockito.verify(synCtx).setProperty("ERROR_MESSAGE", "Invalid Credentials");
        Mockito.verify(synCtx).setProperty("ERROR_DETAIL", "Invalid JWT token. Make sure you have provided the "
                + "correct security credentials");
    }

    @Test
    void theGuardUsesApimsCodes() {
        assertThat(TokenGuardFlow.API_AUTH_GENERAL_ERROR).isEqualTo(APISecurityConstants.API_AUTH_GENERAL_ERROR);
        assertThat(TokenGuardFlow.API_AUTH_INVALID_CREDENTIALS)
                .isEqualTo(APISecurityConstants.API_AUTH_INVALID_CREDENTIALS);
        assertThat(TokenGuardFlow.API_AUTH_MISSING_CREDENTIALS)
                .isEqualTo(APISecurityConstants.API_AUTH_MISSING_CREDENTIALS);
        assertThat(TokenGuardFlow.API_AUTH_ACCESS_TOKEN_EXPIRED)
                .isEqualTo(APISecurityConstants.API_AUTH_ACCESS_TOKEN_EXPIRED);
        assertThat(TokenGuardFlow.INVALID_SCOPE).isEqualTo(APISecurityConstants.INVALID_SCOPE);
    }

    @Test
    void apimsMessagesForThoseCodes() {
        // ERROR_MESSAGE, the fault's "message"
        assertThat(APISecurityConstants.getAuthenticationFailureMessage(900901)).isEqualTo("Invalid Credentials");
        assertThat(APISecurityConstants.getAuthenticationFailureMessage(900902)).isEqualTo("Missing Credentials");
        assertThat(APISecurityConstants.getAuthenticationFailureMessage(900903)).isEqualTo("Access Token Expired");
        assertThat(APISecurityConstants.getAuthenticationFailureMessage(900910))
                .isEqualTo("The access token does not allow you to access the requested resource");
        assertThat(APISecurityConstants.getAuthenticationFailureMessage(900900))
                .isEqualTo("Unclassified Authentication Failure");
        // ERROR_DETAIL, the fault's "description": the authenticator's message plus a fixed hint
        assertThat(APISecurityConstants.getFailureMessageDetailDescription(900903, "x"))
                .isEqualTo("x. Renew the access token and try again");
    }

    @Test
    void apimsChallengeNamesEveryAuthenticatorIncludingOneWithoutAChallenge() throws Throwable {
        APIAuthenticationHandler handler = new APIAuthenticationHandler();
        handler.init(null);
        MethodHandle challenge = PRIVATE.findVirtual(APIAuthenticationHandler.class, "getAuthenticatorsChallengeString",
                MethodType.methodType(String.class));
        // InternalAPIKeyAuthenticator (priority -10) answers null, OAuthAuthenticator (10) its realm; handleAuthFailure
        // appends the error: the 401's WWW-Authenticate of a stock 4.0.0 gateway starts with "null "
        assertThat((String) challenge.invoke(handler)).isEqualTo("null Bearer realm=\"WSO2 API Manager\"");
    }
}
