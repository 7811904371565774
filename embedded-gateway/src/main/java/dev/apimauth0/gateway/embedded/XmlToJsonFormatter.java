package dev.apimauth0.gateway.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.regex.Pattern;

import org.apache.axiom.om.OMElement;
import org.apache.axiom.om.OMOutputFormat;
import org.apache.axis2.AxisFault;
import org.apache.axis2.context.MessageContext;
import org.apache.axis2.transport.MessageFormatter;

/**
 * Writes the first element of the SOAP body as JSON, the way a WSO2 gateway's JSON formatter does for simple
 * payloads: an element with children becomes an object keyed by local names (namespaces dropped), a leaf becomes a
 * number when it looks like an integer and a string otherwise. Apache Synapse has no XML-to-JSON formatter; this
 * one stands in for WSO2's in the embedded gateway only (test and demo), so fault bodies look like APIM's.
 */
public class XmlToJsonFormatter implements MessageFormatter {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    @Override
    public byte[] getBytes(MessageContext msgCtx, OMOutputFormat format) {
        OMElement first = msgCtx.getEnvelope() == null ? null : msgCtx.getEnvelope().getBody().getFirstElement();
        if (first == null) {
            return new byte[0];
        }
        StringBuilder sb = new StringBuilder();
        sb.append('{');
        appendMember(sb, first);
        sb.append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void writeTo(MessageContext msgCtx, OMOutputFormat format, OutputStream out, boolean preserve)
            throws AxisFault {
        try {
            out.write(getBytes(msgCtx, format));
        } catch (IOException e) {
            throw AxisFault.makeFault(e);
        }
    }

    @Override
    public String getContentType(MessageContext msgCtx, OMOutputFormat format, String soapAction) {
        return "application/json; charset=UTF-8";
    }

    @Override
    public URL getTargetAddress(MessageContext msgCtx, OMOutputFormat format, URL targetURL) {
        return targetURL;
    }

    @Override
    public String formatSOAPAction(MessageContext msgCtx, OMOutputFormat format, String soapAction) {
        return null;
    }

    private static void appendMember(StringBuilder sb, OMElement element) {
        quote(sb, element.getLocalName());
        sb.append(':');
        appendValue(sb, element);
    }

    private static void appendValue(StringBuilder sb, OMElement element) {
        Iterator<?> children = element.getChildElements();
        if (!children.hasNext()) {
            String text = element.getText();
            if (INTEGER.matcher(text).matches()) {
                sb.append(text);
            } else {
                quote(sb, text);
            }
            return;
        }
        sb.append('{');
        boolean first = true;
        while (children.hasNext()) {
            if (!first) {
                sb.append(',');
            }
            appendMember(sb, (OMElement) children.next());
            first = false;
        }
        sb.append('}');
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
