package dev.apimauth0.gateway.embedded;

import java.util.Map;
import java.util.TreeMap;

import org.apache.axiom.om.OMOutputFormat;
import org.apache.axis2.AxisFault;
import org.apache.axis2.context.ConfigurationContext;
import org.apache.axis2.context.MessageContext;
import org.apache.axis2.description.TransportOutDescription;
import org.apache.axis2.handlers.AbstractHandler;
import org.apache.axis2.transport.MessageFormatter;
import org.apache.axis2.transport.TransportSender;
import org.apache.axis2.util.MessageProcessorSelector;

/**
 * The end of Axis2's out flow in place of a socket: records the status, headers and the body the configured
 * message formatter writes, for tests that drive handlers with message contexts of their own.
 */
final class CapturingTransportSender extends AbstractHandler implements TransportSender {

    record Sent(int status, Map<String, String> headers, String contentType, String body) {
    }

    private volatile Sent last;

    @Override
    public void init(ConfigurationContext confContext, TransportOutDescription transportOut) {
    }

    @Override
    public InvocationResponse invoke(MessageContext msgContext) throws AxisFault {
        Object sc = msgContext.getProperty("HTTP_SC");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Object h = msgContext.getProperty(MessageContext.TRANSPORT_HEADERS);
        if (h instanceof Map<?, ?> map) {
            map.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        MessageFormatter formatter = MessageProcessorSelector.getMessageFormatter(msgContext);
        OMOutputFormat format = new OMOutputFormat();
        format.setCharSetEncoding("UTF-8");
        String body = new String(formatter.getBytes(msgContext, format), java.nio.charset.StandardCharsets.UTF_8);
        last = new Sent(sc instanceof Integer i ? i : Integer.parseInt(String.valueOf(sc)), headers,
                formatter.getContentType(msgContext, format, null), body);
        return InvocationResponse.CONTINUE;
    }

    @Override
    public void cleanup(MessageContext msgContext) {
    }

    @Override
    public void stop() {
    }

    Sent last() {
        return last;
    }
}
