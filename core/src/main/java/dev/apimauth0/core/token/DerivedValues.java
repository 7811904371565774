package dev.apimauth0.core.token;

import java.util.function.Function;

/**
 * What callers derived from one verified token, kept with it ({@link VerifiedToken#derived}): the results of the
 * last {@value #SLOTS} derivations, told apart by identity, newest first. More than one slot, because one guard
 * may serve several callers at once (two key managers' validators over one tenant, the node's cross-bundle
 * encoding), which would otherwise replace each other's result on every call. The pairs are replaced as a whole
 * (copy on write), so racy readers never see a derivation with another's value; a lost update only costs a rebuild.
 */
final class DerivedValues {

    static final int SLOTS = 4;
    private static final Object[] EMPTY = new Object[0];

    /** derivation, value, derivation, value, ...: never modified once published. */
    private volatile Object[] pairs = EMPTY;

    @SuppressWarnings("unchecked") // a value is stored next to the very derivation that made it
    <T> T get(VerifiedToken token, Function<? super VerifiedToken, ? extends T> derivation) {
        Object[] p = pairs;
        for (int i = 0; i < p.length; i += 2) {
            if (p[i] == derivation) {
                return (T) p[i + 1];
            }
        }
        T value = derivation.apply(token);
        int kept = Math.min(p.length, 2 * (SLOTS - 1));
        Object[] next = new Object[kept + 2];
        next[0] = derivation;
        next[1] = value;
        System.arraycopy(p, 0, next, 2, kept);
        pairs = next;
        return value;
    }
}
