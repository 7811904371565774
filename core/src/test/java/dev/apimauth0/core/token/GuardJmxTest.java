package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's counters are visible over JMX under dev.apimauth0:type=TokenGuard,name=... and can be removed. */
class GuardJmxTest {

    @Test
    void registeredBeanShowsLiveCountersAndUnregisters() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            GuardJmx.Registration reg = GuardJmx.register("orders-api", f.guard);
            ObjectName name = new ObjectName("dev.apimauth0:type=TokenGuard,name=\"orders-api\"");
            assertThat(reg.objectName()).isEqualTo(name);
            assertThat(server.isRegistered(name)).isTrue();
            f.check(f.token());
            f.check(f.token());
            f.guard.check("Bearer opaque-token-of-another-key-manager", "/");
            java.util.Map<String, Object> c = f.claims();
            c.put("exp", 1);
            f.check(f.token(c));
            assertThat(server.getAttribute(name, "Accepted")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "PassedThrough")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "Rejected")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "VerifiedCacheHits")).isEqualTo(1L);
            assertThat((Long) server.getAttribute(name, "JwksFetches")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "JwksFetchFailures")).isEqualTo(0L);
            TabularData byReason = (TabularData) server.getAttribute(name, "RejectedByReason");
            assertThat(byReason.get(new Object[] {"token_expired"}).get("value")).isEqualTo(1L);
            TabularData issuers = (TabularData) server.getAttribute(name, "IssuerMatches");
            assertThat(issuers.get(new Object[] {TestTokens.ISSUER}).get("value")).isEqualTo(2L); // first sights only
            // registering again under the same name replaces the bean (redeployed handler)
            GuardJmx.Registration again = GuardJmx.register("orders-api", f.guard);
            assertThat(server.isRegistered(name)).isTrue();
            again.close();
            assertThat(server.isRegistered(name)).isFalse();
            reg.unregister(); // idempotent
        }
    }
}
