package dev.apimauth0.tools;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One list of the connector's Management API permissions: the README's, the simulator's and the tools'. */
class ConnectorPermissionsTest {

    @Test
    void theToolsNeedExactlyThePermissionsTheReadmeListsForTheConnector() throws Exception {
        String readme = Files.readString(Paths.get(System.getProperty("apim.auth0.readme")));
        int start = readme.indexOf("## Set up Auth0");
        int end = readme.indexOf("\n## ", start + 5);
        String section = readme.substring(start, end);
        int list = section.indexOf("with these permissions");
        assertThat(list).as("README \"Set up Auth0\" names the permissions").isPositive();
        String sentence = section.substring(list, section.indexOf("Its Client ID", list));
        Set<String> listed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([a-z_]+:[a-z_]+)`").matcher(sentence);
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ConnectorPermissions.NEEDED);
        assertThat(ConnectorPermissions.NEEDED).hasSize(12)
                .containsExactlyInAnyOrderElementsOf(Auth0TenantSimulator.CONNECTOR_SCOPES);
    }
}
