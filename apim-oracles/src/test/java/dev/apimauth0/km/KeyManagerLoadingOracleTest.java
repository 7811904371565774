package dev.apimauth0.km;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.dto.KeyManagerConfigurationDTO;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.impl.factory.KeyManagerHolder;

import dev.apimauth0.oracle.AdminPortalKeyManager;
import dev.apimauth0.oracle.ApimEnvironment;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * Loading, by APIM's own code: impl 9.0.174 {@code KeyManagerHolder.addKeyManagerConfiguration} and
 * {@code updateKeyManagerConfiguration} (through {@code KeyManagerConfigurationServiceImpl}) create the project's
 * key manager from what the Admin Portal stores, after {@code APIUtil.toKeyManagerConfiguration} decoded it.
 */
@Tag("unverified")
class KeyManagerLoadingOracleTest {

    private Auth0TenantSimulator sim;
    private Auth0TenantSimulator.Credentials mgmt;
    private ApimEnvironment env;

    @BeforeEach
    void setUp() {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(AdminPortalKeyManager.API, "read:orders");
        mgmt = sim.createManagementApplication();
        env = ApimEnvironment.withConfiguration(Map.of());
        AdminPortalKeyManager.registerConnector();
    }

    @AfterEach
    void tearDown() {
        AdminPortalKeyManager.remove();
        env.close();
        sim.close();
    }

    @Test
    void keyManagerHolderCreatesAndLoadsTheConnectorsImplementation() throws Exception {
        KeyManager km = AdminPortalKeyManager.load(AdminPortalKeyManager.dto(sim, mgmt));
        assertThat(km).isInstanceOf(Auth0KeyManager.class);

        // what loadConfiguration received: the additional properties only; the listener sets no name, type or tenant
        KeyManagerConfiguration received = km.getKeyManagerConfiguration();
        assertThat(received.getName()).isNull();
        assertThat(received.getType()).isNull();
        assertThat(received.getTenantDomain()).isNull();
        assertThat(received.isEnabled()).isTrue();
        assertThat(received.getParameter("client_id")).isEqualTo(mgmt.clientId());
        assertThat(received.getParameter("grant_types")).as("JSON lists stay lists").isInstanceOf(java.util.List.class);
        assertThat(received.getParameter("enable_token_generation")).as("JSON booleans stay booleans").isEqualTo(true);
        assertThat(km.getType()).isEqualTo("Auth0");

        // the settings were handed over: it validates this tenant's tokens for api_audience
        String clientId = sim.createM2MApplication("caller").clientId();
        AccessTokenInfo info = km.getTokenMetaData(sim.mintToken(sim.m2mClaims(clientId, AdminPortalKeyManager.API, "read:orders")));
        assertThat(info.isTokenValid()).isTrue();
        assertThat(info.getConsumerKey()).isEqualTo(clientId);
        assertThat(KeyManagerHolder.getTenantKeyManagers(AdminPortalKeyManager.TENANT))
                .containsKey(AdminPortalKeyManager.NAME);
    }

    @Test
    void eachLoadCreatesANewInstance() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        KeyManager first = AdminPortalKeyManager.load(dto);
        KeyManager second = AdminPortalKeyManager.update(dto);
        assertThat(second).isInstanceOf(Auth0KeyManager.class).isNotSameAs(first);
    }

    @Test
    void aMissingRequiredSettingIsRefusedByNameAndNoKeyManagerIsRegistered() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        dto.getAdditionalProperties().remove("client_id");
        assertThatThrownBy(() -> AdminPortalKeyManager.load(dto))
                .isInstanceOf(APIManagementException.class)
                .hasMessageContaining("client_id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(mgmt.clientSecret()));
        assertThat(KeyManagerHolder.getKeyManagerInstance(AdminPortalKeyManager.TENANT, AdminPortalKeyManager.NAME))
                .isNull();
    }

    @Test
    void aBadUpdateRemovesTheWorkingKeyManager() throws Exception {
        // KeyManagerHolder.updateKeyManagerConfiguration removes first, then adds: a load that throws leaves none,
        // which is why a setting that cannot be used must be refused here, not at first use
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        assertThat(AdminPortalKeyManager.load(dto)).isNotNull();
        KeyManagerConfigurationDTO bad = AdminPortalKeyManager.dto(sim, mgmt);
        bad.getAdditionalProperties().put("audience", "not a url");
        assertThatThrownBy(() -> AdminPortalKeyManager.update(bad))
                .isInstanceOf(APIManagementException.class)
                .hasMessageContaining("audience");
        assertThat(KeyManagerHolder.getKeyManagerInstance(AdminPortalKeyManager.TENANT, AdminPortalKeyManager.NAME))
                .isNull();
    }

    @Test
    void aDisabledKeyManagerIsNeverLoaded() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        dto.setEnabled(false);
        dto.getAdditionalProperties().remove("client_id"); // would throw if it were loaded
        assertThat(AdminPortalKeyManager.load(dto)).isNull();
    }

    @Test
    void anUnknownConnectorTypeLoadsNothing() throws Exception {
        KeyManagerConfigurationDTO dto = AdminPortalKeyManager.dto(sim, mgmt);
        dto.setType("Auth0-typo");
        // no connector of that type: KeyManagerHolder registers an entry without a key manager
        assertThat(AdminPortalKeyManager.load(dto)).isNull();
        assertThat(KeyManagerHolder.getTenantKeyManagers(AdminPortalKeyManager.TENANT).get(AdminPortalKeyManager.NAME)
                .getKeyManager()).isNull();
    }
}
