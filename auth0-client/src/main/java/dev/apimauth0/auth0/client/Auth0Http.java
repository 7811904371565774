package dev.apimauth0.auth0.client;

import org.apache.http.HttpEntity;
import org.apache.http.auth.AuthSchemeProvider;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one HTTP stack of every call to an Auth0 tenant (token endpoint, Management API, discovery document): Apache
 * HttpClient with connections that never log what they carry ({@link QuietConnectionFactory}), connect and read
 * timeouts, no redirects, retries or cookies, and replies read up to a bound. It never answers an authentication
 * challenge itself (no auth schemes): credentials go only where the caller puts them (form or Bearer header), never
 * to whatever a 401's WWW-Authenticate asks for from the JVM's default Authenticator.
 */
final class Auth0Http {

    private Auth0Http() {
    }

    /** A client with a pool of up to {@code maxConnections} keep-alive connections. */
    static CloseableHttpClient create(int connectTimeoutMillis, int readTimeoutMillis, int maxConnections) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSystemSocketFactory())
                        .build(),
                new QuietConnectionFactory());
        pool.setMaxTotal(maxConnections);
        pool.setDefaultMaxPerRoute(maxConnections);
        pool.setValidateAfterInactivity(2000);
        RequestConfig requestConfig = RequestConfig.custom()
                .setConnectTimeout(connectTimeoutMillis)
                .setSocketTimeout(readTimeoutMillis)
                .setConnectionRequestTimeout(connectTimeoutMillis)
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requestConfig)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeProvider>create().build())
                .setUserAgent("apim-auth0-connector")
                .useSystemProperties()
                .build();
    }

    /**
     * The reply body, or null when it is longer than {@code maxBytes} (reading stops there), so a hostile or broken
     * server cannot fill the heap.
     */
    static byte[] readBounded(HttpEntity entity, int maxBytes) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    return null;
                }
            }
            return out.toByteArray();
        }
    }
}
