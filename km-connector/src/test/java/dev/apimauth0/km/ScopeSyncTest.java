package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.APIIdentifier;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.Scope;
import org.wso2.carbon.apimgt.api.model.URITemplate;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Publishing APIs with scopes: scopes kept on the Auth0 API of the default audience (simulated tenant). */
class ScopeSyncTest {

    private TenantFixture tenant;
    private Auth0KeyManager km;

    @BeforeEach
    void setUp() throws Exception {
        tenant = new TenantFixture();
        km = tenant.keyManager();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private static Scope scope(String key, String description) {
        Scope s = new Scope();
        s.setKey(key);
        s.setName(key);
        s.setDescription(description);
        return s;
    }

    private static URITemplate template(String path, Scope... scopes) {
        URITemplate t = new URITemplate();
        t.setUriTemplate(path);
        t.setHTTPVerb("GET");
        for (Scope s : scopes) {
            t.setScopes(s);
        }
        return t;
    }

    @Test
    void registerReadUpdateDelete() throws Exception {
        assertThat(km.isScopeExists("admin:orders")).isFalse();
        km.registerScope(scope("admin:orders", "Administer orders"));
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).containsExactly("read:orders", "write:orders", "admin:orders");
        assertThat(km.isScopeExists("admin:orders")).isTrue();
        assertThat(km.getScopeByName("admin:orders").getDescription()).isEqualTo("Administer orders");
        assertThat(km.getScopeByName("nope")).isNull();

        km.updateScope(scope("admin:orders", "Run the order desk"));
        assertThat(tenant.sim.resourceServer(TenantFixture.API).get().get("scopes").get(2).get("description").asText())
                .isEqualTo("Run the order desk");

        Map<String, Scope> all = km.getAllScopes();
        assertThat(all.keySet()).containsExactly("read:orders", "write:orders", "admin:orders");

        km.deleteScope("admin:orders");
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).containsExactly("read:orders", "write:orders");
        km.deleteScope("admin:orders"); // absent: nothing to do, nothing written
        assertThat(tenant.sim.requests("PATCH", "/api/v2/resource-servers")).isEqualTo(3);
    }

    @Test
    void aScopeAddedByAnotherAdministratorMeanwhileIsKept() throws Exception {
        tenant.sim.afterNextResourceServerRead(TenantFixture.API,
                () -> tenant.sim.addResourceServerScopes(TenantFixture.API, "added:elsewhere"));
        km.registerScope(scope("admin:orders", "Administer orders"));
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API))
                .containsExactlyInAnyOrder("read:orders", "write:orders", "added:elsewhere", "admin:orders");

        tenant.sim.afterNextResourceServerRead(TenantFixture.API,
                () -> tenant.sim.addResourceServerScopes(TenantFixture.API, "second:elsewhere"));
        km.deleteScope("admin:orders");
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API))
                .containsExactlyInAnyOrder("read:orders", "write:orders", "added:elsewhere", "second:elsewhere");
    }

    @Test
    void publishingAttachesAndUpdatesResourceScopesInOneWrite() throws Exception {
        API api = new API(new APIIdentifier("admin", "Orders", "1.0.0"));
        Set<URITemplate> templates = new HashSet<>(Arrays.asList(
                template("/orders", scope("orders:list", "List")),
                template("/orders/{id}", scope("orders:get", "Get"), scope("orders:list", "List"))));
        tenant.sim.resetCounters();
        km.attachResourceScopes(api, templates);
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).contains("orders:list", "orders:get");
        assertThat(tenant.sim.requests("PATCH", "/api/v2/resource-servers")).isEqualTo(1);

        Set<URITemplate> newTemplates = new HashSet<>(Collections.singletonList(template("/orders", scope("orders:browse", "Browse"))));
        km.updateResourceScopes(api, new LinkedHashSet<>(Arrays.asList("orders:list", "orders:get")),
                new LinkedHashSet<>(Collections.singletonList(scope("orders:browse", "Browse"))), templates, newTemplates);
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API))
                .containsExactly("read:orders", "write:orders", "orders:browse");

        km.detachResourceScopes(api, newTemplates);
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).contains("orders:browse");
        assertThat(km.getScopesForAPIS("x")).isEmpty();
    }

    @Test
    void invalidScopeKeysAreRefusedBeforeAnyCall() {
        tenant.sim.resetCounters();
        Set<Scope> bad = new HashSet<>(Collections.singletonList(scope("has space", "x")));
        APIManagementException e = catchThrowableOfType(() -> km.validateScopes(bad), APIManagementException.class);
        assertThat(e.getMessage()).contains("has space");
        assertThat(catchThrowableOfType(() -> km.registerScope(scope("a\"b", "x")), APIManagementException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> km.registerScope(scope("", "x")), APIManagementException.class)).isNotNull();
        assertThat(tenant.sim.managementRequests()).isZero();
    }

    @Test
    void scopeSyncOffLeavesAuth0Alone() throws Exception {
        KeyManagerConfiguration c = tenant.configuration();
        c.getConfiguration().put("scope_sync", "false");
        Auth0KeyManager off = TenantFixture.keyManager(c);
        tenant.sim.resetCounters();
        off.registerScope(scope("admin:orders", "x"));
        off.deleteScope("read:orders");
        assertThat(off.isScopeExists("read:orders")).isFalse();
        assertThat(off.getAllScopes()).isEmpty();
        assertThat(tenant.sim.managementRequests()).isZero();
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).containsExactly("read:orders", "write:orders");
    }

    @Test
    void missingManagementScopesAreReported() throws Exception {
        KeyManagerConfiguration c = tenant.configuration();
        dev.apimauth0.simulator.Auth0TenantSimulator.Credentials readOnly =
                tenant.sim.createManagementApplication("read:resource_servers");
        c.getConfiguration().put("client_id", readOnly.clientId());
        c.getConfiguration().put("client_secret", readOnly.clientSecret());
        Auth0KeyManager weak = TenantFixture.keyManager(c);
        APIManagementException e = catchThrowableOfType(() -> weak.registerScope(scope("admin:orders", "x")),
                APIManagementException.class);
        assertThat(e.getMessage()).contains("update:resource_servers").doesNotContain(readOnly.clientSecret());
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).containsExactly("read:orders", "write:orders");
    }

    @Test
    void anAuth0ThatNeverSettlesEndsWithAClearError() throws Exception {
        final int[] n = {0};
        Runnable meddle = new Runnable() {
            @Override
            public void run() {
                tenant.sim.addResourceServerScopes(TenantFixture.API, "meddle:" + (n[0]++));
                tenant.sim.afterNextResourceServerRead(TenantFixture.API, this);
            }
        };
        tenant.sim.afterNextResourceServerRead(TenantFixture.API, meddle);
        APIManagementException e = catchThrowableOfType(() -> km.registerScope(scope("admin:orders", "x")),
                APIManagementException.class);
        assertThat(e.getMessage()).contains("kept changing");
        assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).doesNotContain("admin:orders");
    }
}
