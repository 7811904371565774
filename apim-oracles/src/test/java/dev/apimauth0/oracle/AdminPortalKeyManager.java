package dev.apimauth0.oracle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.dto.KeyManagerConfigurationDTO;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.impl.factory.KeyManagerHolder;
import org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder;
import org.wso2.carbon.apimgt.impl.keymgt.KeyManagerConfigurationServiceImpl;
import org.wso2.carbon.apimgt.impl.utils.APIUtil;

import dev.apimauth0.connector.Auth0ConnectorConfiguration;
import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * An Auth0 key manager as an administrator adds it in the Admin Portal, handed to a node the way 9.0.174 hands it
 * over: the stored KeyManagerConfigurationDTO's additionalProperties, Gson-encoded and base64'd
 * ({@code KeyMgtNotificationSender.notify}, impl), decoded by impl's real {@code APIUtil.toKeyManagerConfiguration},
 * marked enabled and given to impl's real {@code KeyManagerConfigurationServiceImpl.addKeyManagerConfiguration}
 * ({@code KeyManagerJMSMessageListener.onMessage}, jms.listener 9.0.174, which sets nothing else), which runs
 * {@code KeyManagerHolder.addKeyManagerConfiguration}: Class.forName of the connector's implementation,
 * setTenantDomain, loadConfiguration.
 *
 * <p>Reaches impl's APIUtil: run in the "unverified" test group (see README.md).
 */
public final class AdminPortalKeyManager {

    public static final String TENANT = "carbon.super";
    public static final String NAME = "Auth0KM";
    public static final String TYPE = Auth0ConnectorConfiguration.STOCK_TYPE;
    public static final String API = "https://api.example.com/orders";

    private AdminPortalKeyManager() {
    }

    /** The DTO the Admin Portal's POST /key-managers stores: connector fields plus what "Import" fills. */
    public static KeyManagerConfigurationDTO dto(Auth0TenantSimulator sim, Auth0TenantSimulator.Credentials mgmt) {
        KeyManagerConfigurationDTO dto = new KeyManagerConfigurationDTO();
        dto.setName(NAME);
        dto.setDisplayName("Auth0");
        dto.setType(TYPE);
        dto.setTenantDomain(TENANT);
        dto.setEnabled(true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", mgmt.clientId());
        p.put("client_secret", mgmt.clientSecret());
        p.put("audience", sim.managementAudience());
        p.put("api_audience", API);
        p.put("issuer", sim.issuer());
        p.put("token_endpoint", sim.tokenEndpoint());
        p.put("authorize_endpoint", sim.baseUrl() + "authorize");
        p.put("revoke_endpoint", sim.baseUrl() + "oauth/revoke");
        p.put("introspection_endpoint", sim.tokenEndpoint());
        p.put("well_known_endpoint", sim.wellKnownUri());
        p.put("certificate_type", "JWKS");
        p.put("certificate_value", sim.jwksUri());
        p.put("grant_types", List.of("client_credentials"));
        p.put("consumer_key_claim", "azp");
        p.put("scopes_claim", "scope");
        p.put("enable_token_generation", true);
        p.put("enable_oauth_app_creation", true);
        p.put("enable_map_oauth_consumer_apps", true);
        p.put("validation_type", "jwt");
        dto.setAdditionalProperties(p);
        return dto;
    }

    /** What reaches a node: KeyMgtNotificationSender's encoding, then APIUtil.toKeyManagerConfiguration. */
    public static KeyManagerConfiguration handedOver(KeyManagerConfigurationDTO dto) throws APIManagementException {
        String additionalProperties = new Gson().toJson(dto.getAdditionalProperties());
        String encoded = new String(Base64.getEncoder().encode(additionalProperties.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        KeyManagerConfiguration c = APIUtil.toKeyManagerConfiguration(encoded);
        c.setEnabled(dto.isEnabled());
        return c;
    }

    /** Registers the project's connector configuration under its type, as APIManagerComponent's bind does. */
    public static void registerConnector() {
        ServiceReferenceHolder.getInstance().addKeyManagerConnectorConfiguration(TYPE, new Auth0ConnectorConfiguration());
    }

    /** The node's add: KeyManagerConfigurationServiceImpl -> KeyManagerHolder.addKeyManagerConfiguration. */
    public static KeyManager load(KeyManagerConfigurationDTO dto) throws APIManagementException {
        new KeyManagerConfigurationServiceImpl().addKeyManagerConfiguration(dto.getTenantDomain(), dto.getName(),
                dto.getType(), handedOver(dto));
        return KeyManagerHolder.getKeyManagerInstance(dto.getTenantDomain(), dto.getName());
    }

    /** The node's update (remove, then add). */
    public static KeyManager update(KeyManagerConfigurationDTO dto) throws APIManagementException {
        new KeyManagerConfigurationServiceImpl().updateKeyManagerConfiguration(dto.getTenantDomain(), dto.getName(),
                dto.getType(), handedOver(dto));
        return KeyManagerHolder.getKeyManagerInstance(dto.getTenantDomain(), dto.getName());
    }

    public static void remove() {
        KeyManagerHolder.removeKeyManagerConfiguration(TENANT, NAME);
    }
}
