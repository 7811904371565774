package dev.apimauth0.auth0.client;

import org.apache.http.config.ConnectionConfig;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.DefaultHttpResponseParserFactory;
import org.apache.http.impl.conn.DefaultManagedHttpClientConnection;
import org.apache.http.impl.io.DefaultHttpRequestWriterFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes connections that never log what they carry. HttpClient's own factory switches to a logging
 * connection when org.apache.http.wire or org.apache.http.headers is at DEBUG, which would write client
 * secrets (token request bodies) and Management API tokens (Authorization headers) to the server log.
 */
final class QuietConnectionFactory implements HttpConnectionFactory<HttpRoute, ManagedHttpClientConnection> {

    private static final AtomicLong COUNTER = new AtomicLong();

    @Override
    public ManagedHttpClientConnection create(HttpRoute route, ConnectionConfig config) {
        ConnectionConfig cc = config != null ? config : ConnectionConfig.DEFAULT;
        return new DefaultManagedHttpClientConnection("auth0-" + COUNTER.getAndIncrement(), cc.getBufferSize(),
                cc.getFragmentSizeHint(), null, null, cc.getMessageConstraints(), null, null,
                DefaultHttpRequestWriterFactory.INSTANCE, DefaultHttpResponseParserFactory.INSTANCE);
    }
}
