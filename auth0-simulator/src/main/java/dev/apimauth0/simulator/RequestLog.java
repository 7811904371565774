package dev.apimauth0.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Method and path of every request the tenant received, faulted ones included, so tests can count calls. */
final class RequestLog {

    private record Hit(String method, String path) {
    }

    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    void record(String method, String path) {
        hits.add(new Hit(method, path));
    }

    /** Requests whose method matches ("*" for any) and whose path starts with the prefix. */
    int count(String method, String pathPrefix) {
        int n = 0;
        for (Hit h : hits) {
            if (("*".equals(method) || h.method().equalsIgnoreCase(method)) && h.path().startsWith(pathPrefix)) {
                n++;
            }
        }
        return n;
    }

    void clear() {
        hits.clear();
    }
}
