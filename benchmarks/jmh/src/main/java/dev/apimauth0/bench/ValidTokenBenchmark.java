package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

/**
 * Valid tokens: the raw RSA floor, the libraries APIM and Auth0 ship, and the guard (cache hit and first sight).
 * Every "first sight" case walks the same pool of distinct pre-signed tokens.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValidTokenBenchmark {

    /** Distinct valid tokens walked round-robin by the first-sight cases. */
    static final int POOL = 64;

    @State(Scope.Benchmark)
    public static class Env {
        BenchTokens tokens;
        String[] pool;
        byte[][][] rawPool;
        BaselineState baselines;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            tokens = new BenchTokens();
            pool = new String[POOL];
            rawPool = new byte[POOL][][];
            for (int i = 0; i < POOL; i++) {
                pool[i] = tokens.valid(i);
                rawPool[i] = BenchTokens.signingInputAndSignature(pool[i]);
            }
            baselines = new BaselineState(tokens);
            // every baseline must accept every token, or it measures an error path
            for (String t : pool) {
                baselines.nimbus73ApimPath(t);
                baselines.nimbus73Lean(t);
                baselines.nimbus10(t);
                baselines.javaJwt(t);
            }
        }
    }

    @State(Scope.Thread)
    public static class PerThread {
        int next;
        Signature rsa;

        @Setup(Level.Trial)
        public void setUp(Env env) throws GeneralSecurityException {
            rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(env.tokens.publicKey());
            next = (int) (Thread.currentThread().getId() * 7) & (POOL - 1);
        }

        int nextIndex() {
            int i = next;
            next = (i + 1) & (POOL - 1);
            return i;
        }
    }

    /** The floor for RS256: one SHA256withRSA verify of the token's signing input, Signature reused per thread. */
    @Benchmark
    public boolean rawRsaVerify(Env env, PerThread t) throws GeneralSecurityException {
        byte[][] in = env.rawPool[t.nextIndex()];
        t.rsa.update(in[0]);
        boolean ok = t.rsa.verify(in[1]);
        if (!ok) {
            throw new IllegalStateException("raw verify failed");
        }
        return ok;
    }

    @Benchmark
    public Object nimbus73ApimPath(Env env, PerThread t) throws Exception {
        return env.baselines.nimbus73ApimPath(env.pool[t.nextIndex()]);
    }

    @Benchmark
    public Object nimbus73Lean(Env env, PerThread t) throws Exception {
        return env.baselines.nimbus73Lean(env.pool[t.nextIndex()]);
    }

    @Benchmark
    public Object nimbus10Processor(Env env, PerThread t) throws Exception {
        return env.baselines.nimbus10(env.pool[t.nextIndex()]);
    }

    @Benchmark
    public Object javaJwtVerifier(Env env, PerThread t) {
        return env.baselines.javaJwt(env.pool[t.nextIndex()]);
    }
}
