package dev.apimauth0.simulator;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks every exchange the simulator served in this module's test run against Auth0's OpenAPI definition of
 * Management API v2 (shared/auth0/ beside the checkout; skipped with a message when absent). Runs after every other
 * test class of the module ({@code @Order} with the class orderer in junit-platform.properties).
 */
@Order(Integer.MAX_VALUE)
class ManagementApiContractTest {

    static ManagementApiContract contract() throws Exception {
        Optional<Path> definition = ManagementApiContract.locateDefinition();
        Assumptions.assumeTrue(definition.isPresent(),
                "skipped: Auth0's management-api-oas.json is not in shared/auth0/ beside the checkout");
        return ManagementApiContract.load(definition.get());
    }

    @Test
    void everyExchangeTheSuiteServedMeetsTheDefinition() throws Exception {
        ManagementApiContract contract = contract();
        ManagementApiContract.Report report = contract.checkAll(ServedExchanges.all());
        System.out.println(report.summary());
        assertThat(ServedExchanges.dropped()).isZero();
        assertThat(report.validated()).as("exchanges recorded in this run").isGreaterThan(50);
        assertThat(report.violations()).isEmpty();
    }
}
