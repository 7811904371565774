package dev.apimauth0.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Drains the unread body of a request that is about to be rejected, up to a bound.
 *
 * <p>Why: the pass-through transport (WSO2's fork and Apache Synapse 3.0.1 alike) keeps the body in a pipe of one
 * I/O buffer (16 KB); once it is full the server stops reading, and {@code SourceHandler.responseReady} writes no
 * response before the request has been read. An answer without draining therefore waits for the socket timeout.
 * APIM's own authentication failure drains the body first ({@code RelayUtils.consumeAndDiscardMessage}, which reads
 * {@code pipe.getInputStream()} to the end); this does the same, but stops after {@code limit} bytes. Past the limit
 * it marks the request as read on the connection (so the answer is written at once), stops reading from the client
 * and detaches the request pipe; the caller answers with {@code Connection: close}.
 *
 * <p>The pipe, the connection and the transport's SourceContext are reached by reflection from the objects the
 * transport put on the message context, so the bundle imports no transport package; both engines have the same
 * methods ({@code Pipe.getInputStream}, {@code SourceContext.updateState(NHttpConnection, ProtocolState)}).
 */
final class RequestBodyDiscarder {

    private static final Log LOG = LogFactory.getLog(RequestBodyDiscarder.class);

    static final String PASS_THROUGH_PIPE = "pass-through.pipe";
    static final String SOURCE_CONNECTION = "pass-through.Source-Connection";
    private static final String SOURCE_CONTEXT = "org.apache.synapse.transport.passthru.SourceContext";
    private static final String PROTOCOL_STATE = "org.apache.synapse.transport.passthru.ProtocolState";
    private static final String NHTTP_CONNECTION = "org.apache.http.nio.NHttpConnection";

    /** What happened to the body. */
    enum Outcome {
        /** Nothing to read (no body, or no pass-through pipe). */
        NONE,
        /** Read to its end: the connection can carry the next request. */
        DRAINED,
        /** Longer than the limit: the rest is left unread; the connection must close after the answer. */
        CUT_OFF
    }

    private RequestBodyDiscarder() {
    }

    static Outcome discard(org.apache.axis2.context.MessageContext axis2Ctx, long limit) {
        Object pipe = axis2Ctx.getProperty(PASS_THROUGH_PIPE);
        if (pipe == null) {
            return Outcome.NONE;
        }
        InputStream in;
        try {
            Method m = pipe.getClass().getMethod("getInputStream");
            in = (InputStream) m.invoke(pipe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot read the request body of a rejected request (" + e + "); closing the connection");
            cutOff(axis2Ctx, pipe);
            return Outcome.CUT_OFF;
        }
        if (in == null) {
            return Outcome.NONE;
        }
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            while (true) {
                int want = (int) Math.min(buffer.length, limit + 1 - total);
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    return Outcome.DRAINED;
                }
                total += n;
                if (total > limit) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("request body of a rejected request could not be read to its end: " + e);
        }
        cutOff(axis2Ctx, pipe);
        return Outcome.CUT_OFF;
    }

    /**
     * Leaves the rest of the body unread: input from the client is suspended, the request is marked as read so the
     * transport writes the answer now, and the request pipe is detached so the answer gets a pipe of its own.
     * When the transport's classes cannot be reached the connection is shut down (the client sees the close).
     */
    private static void cutOff(org.apache.axis2.context.MessageContext axis2Ctx, Object pipe) {
        axis2Ctx.removeProperty(PASS_THROUGH_PIPE);
        Object conn = axis2Ctx.getProperty(SOURCE_CONNECTION);
        if (conn == null) {
            return;
        }
        try {
            ClassLoader loader = pipe.getClass().getClassLoader();
            Class<?> connectionType = Class.forName(NHTTP_CONNECTION, false, loader);
            connectionType.getMethod("suspendInput").invoke(conn);
            Class<?> sourceContext = Class.forName(SOURCE_CONTEXT, false, loader);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object requestDone = Enum.valueOf((Class) Class.forName(PROTOCOL_STATE, false, loader), "REQUEST_DONE");
            sourceContext.getMethod("updateState", connectionType, requestDone.getClass()).invoke(null, conn, requestDone);
            Object context = sourceContext.getMethod("get", connectionType).invoke(null, conn);
            if (context != null) {
                // close after the answer even if a later step drops Connection: close
                sourceContext.getMethod("setShutDown", boolean.class).invoke(context, Boolean.TRUE);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot answer before the end of an oversized request body (" + e + "); closing the connection");
            try {
                conn.getClass().getMethod("shutdown").invoke(conn);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // nothing more can be done from here
            }
        }
    }
}
