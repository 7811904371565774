package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.axis2.context.MessageContext;
import org.junit.jupiter.api.Test;

class RequestMessageTest {

    /** The client's path, as path rules saw it before the shortcut for the usual case: pathOnly, then a leading /. */
    private static String fullWay(String postfix) {
        String p = RequestMessage.pathOnly(postfix);
        return p.startsWith("/") ? p : "/" + p;
    }

    @Test
    void theClientsPathIsLeftOutOnlyWhenItIsTheRequestPathItself() {
        String[] postfixes = {"orders/v1/items/42", "/orders/v1/items/42", "orders/v1/items/42?x=1", "orders/v1/items/42#f",
                "orders/v1/items/42?r=https://a/b", "Orders/v1/items/42", "orders/v1/items/4", "orders/v1/items/42/",
                "orders/1.0/items/42", "orders//v1/items/42", "orders/%2e%2e/admin", "http://h/orders/v1/items/42",
                "/http://h/orders/v1/items/42", "?only=query", "#frag", "orders/v1/items/42;p=1"};
        String[] requestPaths = {"/orders/v1/items/42", "/orders/1.0/items/42", "/", "/http://h/orders/v1/items/42",
                "/orders/v1/items/42/"};
        for (String postfix : postfixes) {
            for (String requestPath : requestPaths) {
                MessageContext ctx = new MessageContext();
                ctx.setProperty(RequestMessage.REST_URL_POSTFIX, postfix);
                String client = RequestMessage.clientPath(ctx, requestPath);
                String expected = fullWay(postfix);
                if (client == null) {
                    // left out: the guard would have seen the same characters twice
                    assertThat(expected).as(postfix + " vs " + requestPath).isEqualTo(requestPath);
                } else {
                    assertThat(client).as(postfix + " vs " + requestPath).isEqualTo(expected);
                }
            }
        }
        MessageContext usual = new MessageContext();
        usual.setProperty(RequestMessage.REST_URL_POSTFIX, "orders/v1/items/42?x=1");
        assertThat(RequestMessage.clientPath(usual, "/orders/v1/items/42")).isNull();
        MessageContext rewritten = new MessageContext();
        rewritten.setProperty(RequestMessage.REST_URL_POSTFIX, "orders/items/42");
        assertThat(RequestMessage.clientPath(rewritten, "/orders/1.0/items/42")).isEqualTo("/orders/items/42");
        assertThat(RequestMessage.clientPath(new MessageContext(), "/orders")).isNull();
    }
}
