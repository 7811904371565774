package dev.apimauth0.gateway.embedded;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

import org.apache.synapse.MessageContext;
import org.apache.synapse.SynapseHandler;
import org.apache.synapse.core.SynapseEnvironment;
import org.apache.synapse.core.axis2.MessageContextCreatorForAxis2;

/**
 * Runs global handlers where WSO2's fork runs them: in {@code Axis2SynapseEnvironment.injectMessage}, before the
 * mandatory sequence and API dispatch, {@code handleRequestInFlow} for requests and {@code handleResponseInFlow} for
 * responses; a handler returning false ends the message there (it has answered the client itself).
 *
 * <p>Apache Synapse 3.0.1 has no such hook, so the engine's environment is wrapped: every message the transports
 * hand to Synapse gets its environment from the Axis2 configuration's {@code synapse.env} parameter (read by
 * {@link MessageContextCreatorForAxis2}), and the wrapper runs the handlers before delegating {@code injectMessage}
 * to the real environment. The messages are the engine's own, built from real inbound HTTP requests.
 *
 * <p>The wrapper also sets {@code REST_FULL_REQUEST_PATH} after the global handlers, as the fork's API dispatch
 * does (ApiUtils.getFullRequestPath: the request URI with its query; only a URI that starts with http:// or
 * https:// is cut to its file part). Apache 3.0.1 instead parses any URI containing "://" as a URL and fails on
 * {@code ?redirect_uri=https://app/cb}, which the fork dispatches.
 */
final class GlobalHandlerEntry {

    private GlobalHandlerEntry() {
    }

    static void install(org.apache.axis2.engine.AxisConfiguration axisConfig, SynapseEnvironment real,
                        List<SynapseHandler> handlers) {
        SynapseEnvironment wrapped = (SynapseEnvironment) Proxy.newProxyInstance(
                GlobalHandlerEntry.class.getClassLoader(), new Class<?>[] {SynapseEnvironment.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("injectMessage") && args != null && args.length == 1
                            && args[0] instanceof MessageContext synCtx) {
                        synCtx.setEnvironment(real);
                        for (SynapseHandler handler : handlers) {
                            boolean goOn = synCtx.isResponse() ? handler.handleResponseInFlow(synCtx)
                                    : handler.handleRequestInFlow(synCtx);
                            if (!goOn) {
                                return Boolean.FALSE;
                            }
                        }
                        if (!synCtx.isResponse()) {
                            setFullRequestPathAsTheForkDoes(synCtx);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try {
            axisConfig.addParameter(new org.apache.axis2.description.Parameter("synapse.env", wrapped));
        } catch (org.apache.axis2.AxisFault e) {
            throw new IllegalStateException("cannot install the global handlers", e);
        }
    }

    private static void setFullRequestPathAsTheForkDoes(MessageContext synCtx) {
        if (synCtx.getProperty("REST_FULL_REQUEST_PATH") != null) {
            return;
        }
        Object in = ((org.apache.synapse.core.axis2.Axis2MessageContext) synCtx).getAxis2MessageContext()
                .getProperty("TransportInURL");
        if (!(in instanceof String url)) {
            return;
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            try {
                url = new java.net.URL(url).getFile();
            } catch (java.net.MalformedURLException e) {
                return;
            }
        }
        synCtx.setProperty("REST_FULL_REQUEST_PATH", url);
    }
}
