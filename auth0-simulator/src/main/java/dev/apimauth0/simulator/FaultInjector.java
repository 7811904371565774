package dev.apimauth0.simulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a test stages on purpose, each reproducible: 5xx and 429 replies for the next requests under a path,
 * slowness, replies held back after the request was carried out, a JWKS outage and a hook run right after a
 * resource server was read. Thread-safe without the tenant's lock, so a fault never waits on tenant state.
 */
final class FaultInjector {

    private record Fault(String method, String pathPrefix, int status, AtomicInteger remaining, long retryAfterSeconds) {
    }

    /** A reply held back after the request was processed, as when Auth0 acts on a request but answers too late. */
    private record LateReply(String method, String pathPrefix, long millis, AtomicInteger remaining) {
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final List<LateReply> lateReplies = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> afterRead = new ConcurrentHashMap<>();
    private volatile boolean jwksDown;

    /** The next {@code times} requests matching method ("*" for any) and path prefix get {@code status}. */
    void failNext(String method, String pathPrefix, int status, int times) {
        faults.add(new Fault(method == null ? "*" : method.toUpperCase(), pathPrefix, status, new AtomicInteger(times), 0));
    }

    void rateLimitNext(String pathPrefix, int times, long retryAfterSeconds) {
        faults.add(new Fault("*", pathPrefix, 429, new AtomicInteger(times), retryAfterSeconds));
    }

    void delay(String pathPrefix, long millis) {
        if (millis <= 0) {
            delays.remove(pathPrefix);
        } else {
            delays.put(pathPrefix, millis);
        }
    }

    void replyLateNext(String method, String pathPrefix, long millis, int times) {
        lateReplies.add(new LateReply(method.toUpperCase(), pathPrefix, millis, new AtomicInteger(times)));
    }

    void jwksDown(boolean down) {
        this.jwksDown = down;
    }

    boolean jwksDown() {
        return jwksDown;
    }

    /** Runs {@code change} after the next GET of the resource server with this id has been answered. */
    void afterNextResourceServerRead(String resourceServerId, Runnable change) {
        afterRead.put(resourceServerId, change);
    }

    /** The hook staged for a resource server, removed so it runs once; null when none. */
    Runnable takeAfterRead(String resourceServerId) {
        return afterRead.remove(resourceServerId);
    }

    void clear() {
        faults.clear();
        delays.clear();
        lateReplies.clear();
        afterRead.clear();
        jwksDown = false;
    }

    /** Waits the longest delay staged for a prefix of the path. */
    void applyDelay(String path) {
        long wait = 0;
        for (Map.Entry<String, Long> e : delays.entrySet()) {
            if (path.startsWith(e.getKey())) {
                wait = Math.max(wait, e.getValue());
            }
        }
        if (wait > 0) {
            sleep(wait);
        }
    }

    /** Holds the reply back when a late reply is staged for the request, using up one of its times. */
    void holdLateReply(String method, String path) {
        for (LateReply late : lateReplies) {
            if (late.method().equals(method) && path.startsWith(late.pathPrefix())) {
                if (late.remaining().getAndDecrement() <= 0) {
                    lateReplies.remove(late);
                    continue;
                }
                sleep(late.millis());
                return;
            }
        }
    }

    /** The injected reply for the request (using up one of the fault's times), or null when none is staged. */
    Reply injectedFault(String method, String path) {
        for (Fault f : faults) {
            if (!path.startsWith(f.pathPrefix()) || !("*".equals(f.method()) || f.method().equals(method))) {
                continue;
            }
            if (f.remaining().getAndDecrement() <= 0) {
                faults.remove(f);
                continue;
            }
            if (f.status() == 429) {
                long reset = System.currentTimeMillis() / 1000 + f.retryAfterSeconds();
                return Reply.mgmtError(429, "Too Many Requests", "Global limit has been reached", "too_many_requests")
                        .header("x-ratelimit-limit", "50")
                        .header("x-ratelimit-remaining", "0")
                        .header("x-ratelimit-reset", Long.toString(reset));
            }
            return Reply.mgmtError(f.status(), Reply.reasonPhrase(f.status()), "Injected failure", null);
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
