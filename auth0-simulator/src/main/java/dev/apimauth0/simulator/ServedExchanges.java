package dev.apimauth0.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every exchange any simulator in this JVM served, kept so that a contract test running after the others can check
 * the whole suite's traffic against Auth0's definition. Test support only: the simulator never ships. Bounded, so a
 * long-running demo cannot grow it without limit; {@link #dropped()} tells a contract test that it saw only part.
 */
public final class ServedExchanges {
    static final int CAPACITY = 100_000;
    private static final List<ServedExchange> EXCHANGES = new ArrayList<>();
    private static final AtomicLong DROPPED = new AtomicLong();

    private ServedExchanges() {
    }

    static void record(ServedExchange exchange) {
        synchronized (EXCHANGES) {
            if (EXCHANGES.size() >= CAPACITY) {
                DROPPED.incrementAndGet();
                return;
            }
            EXCHANGES.add(exchange);
        }
    }

    /** A copy of what was recorded so far, in the order served. */
    public static List<ServedExchange> all() {
        synchronized (EXCHANGES) {
            return new ArrayList<>(EXCHANGES);
        }
    }

    /** Exchanges that did not fit. */
    public static long dropped() {
        return DROPPED.get();
    }
}
