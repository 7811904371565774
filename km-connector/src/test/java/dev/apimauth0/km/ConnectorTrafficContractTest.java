package dev.apimauth0.km;

import dev.apimauth0.simulator.ManagementApiContract;
import dev.apimauth0.simulator.ServedExchanges;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request the key manager sent to the simulator during the test run, and every reply, checked against
 * Auth0's OpenAPI definition of Management API v2 (shared/auth0/ beside the checkout; skipped when absent). Runs after
 * the module's other test classes.
 */
@Order(Integer.MAX_VALUE)
class ConnectorTrafficContractTest {

    @Test
    void everyExchangeOfTheSuiteMeetsAuth0sDefinition() throws Exception {
        Optional<Path> definition = ManagementApiContract.locateDefinition();
        Assumptions.assumeTrue(definition.isPresent(),
                "skipped: Auth0's management-api-oas.json is not in shared/auth0/ beside the checkout");
        ManagementApiContract.Report report = ManagementApiContract.load(definition.get()).checkAll(ServedExchanges.all());
        System.out.println(report.summary());
        assertThat(ServedExchanges.dropped()).isZero();
        assertThat(report.validated()).isGreaterThan(50);
        assertThat(report.violations()).isEmpty();
    }
}
