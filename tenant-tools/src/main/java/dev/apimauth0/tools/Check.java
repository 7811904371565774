package dev.apimauth0.tools;

/**
 * One row of a report: what was checked or done, whether it is right, what was found, and for a failure the
 * fix. Immutable. Nothing in it may be a secret or a token: callers pass identifiers, URLs and Auth0's redacted
 * messages only.
 */
public final class Check {

    private final String name;
    private final boolean ok;
    private final String detail;
    private final String fix;

    private Check(String name, boolean ok, String detail, String fix) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a check needs a name");
        }
        if (!ok && (fix == null || fix.isEmpty())) {
            throw new IllegalArgumentException("a failed check needs its fix: " + name);
        }
        this.name = name;
        this.ok = ok;
        this.detail = detail == null ? "" : detail;
        this.fix = ok ? "" : fix;
    }

    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, null);
    }

    public static Check fail(String name, String detail, String fix) {
        return new Check(name, false, detail, fix);
    }

    public String name() { return name; }
    public boolean ok() { return ok; }
    public String detail() { return detail; }
    /** Empty when the check passed. */
    public String fix() { return fix; }

    @Override
    public String toString() {
        return (ok ? "ok " : "FAIL ") + name + ": " + detail + (ok ? "" : " (fix: " + fix + ")");
    }
}
