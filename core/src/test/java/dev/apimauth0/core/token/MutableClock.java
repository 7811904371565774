package dev.apimauth0.core.token;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
final class MutableClock extends Clock {

    private final AtomicLong millis;

    MutableClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    static MutableClock now() {
        return new MutableClock(System.currentTimeMillis());
    }

    void advanceSeconds(long s) {
        millis.addAndGet(s * 1000);
    }

    void advanceMillis(long ms) {
        millis.addAndGet(ms);
    }

    long seconds() {
        return millis.get() / 1000;
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public long millis() { return millis.get(); }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
}
