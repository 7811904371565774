package dev.apimauth0.connector;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.wso2.carbon.apimgt.api.model.ConfigurationDto;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What the Admin Portal and the Developer Portal show and accept for the Auth0 key manager type.
 *
 * <p>Field names match the stock connector (auth0.key.manager 1.0.1), so key managers and applications created
 * with it keep working; every field added since has a default, so their stored configurations stay valid.
 */
@Component(name = Auth0ConnectorConfiguration.COMPONENT_NAME, immediate = true,
        service = KeyManagerConnectorConfiguration.class)
public final class Auth0ConnectorConfiguration implements KeyManagerConnectorConfiguration {

    static final String COMPONENT_NAME = "dev.apimauth0.connector.Auth0ConnectorConfiguration";

    /** The type the stock connector registers and existing key managers are stored with. */
    public static final String STOCK_TYPE = "Auth0";
    public static final String STOCK_DISPLAY_NAME = "Auth0";
    /** The type used side by side with the stock connector when the takeover is switched off. */
    public static final String OWN_TYPE = "apim-auth0";
    public static final String OWN_DISPLAY_NAME = "Auth0 (apim-auth0)";

    public static final String IMPLEMENTATION = "dev.apimauth0.km.Auth0KeyManager";
    /**
     * APIM's JWT validator for "self validate JWT" key managers (bundle dev.apimauth0.jwt.validator, which alone imports
     * org.wso2.carbon.apimgt.impl.jwt): loaded by name from APIM's impl bundle, so nothing here refers to it.
     */
    public static final String JWT_VALIDATOR = "dev.apimauth0.validator.Auth0JwtValidator";

    // connection fields (Admin Portal); the first three are the stock connector's names
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String AUDIENCE = "audience";
    public static final String API_AUDIENCE = "api_audience";
    public static final String ALLOWED_API_AUDIENCES = "allowed_api_audiences";
    public static final String DEFAULT_ALLOWED_API_AUDIENCES = "";
    public static final String CONNECT_TIMEOUT_MS = "connect_timeout_ms";
    public static final String READ_TIMEOUT_MS = "read_timeout_ms";
    public static final String SCOPE_SYNC = "scope_sync";
    public static final String DEFAULT_CONNECT_TIMEOUT_MS = "5000";
    public static final String DEFAULT_READ_TIMEOUT_MS = "10000";
    public static final String DEFAULT_SCOPE_SYNC = "true";

    // application fields (Developer Portal), the stock connector's names
    public static final String APP_TYPE = "app_type";
    public static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    public static final String AUDIENCE_OF_API = "audience_of_api";
    public static final String DEFAULT_APP_TYPE = "non_interactive";
    public static final String DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD = "client_secret_post";

    /**
     * The Admin Portal shows input fields empty, without their defaults, and no help at all for options and select
     * fields (radio and checkbox groups): what an admin must know before saving is in these labels.
     */
    static final String ALLOWED_API_AUDIENCES_LABEL = "Allowed API Audiences (comma-separated Identifiers; default "
            + "empty = the Default API Audience only; * = any API but the Management API)";
    static final String SCOPE_SYNC_LABEL = "Synchronize Scopes (default " + DEFAULT_SCOPE_SYNC + ": publishing an API "
            + "writes its scopes to the permissions of the Default API Audience in Auth0, which needs "
            + "read:resource_servers and update:resource_servers; false: keep them in the Auth0 Dashboard by hand)";

    public static final String CONSUMER_KEY_CLAIM = "azp";
    public static final String SCOPES_CLAIM = "scope";

    private static final Log LOG = LogFactory.getLog(Auth0ConnectorConfiguration.class);

    private volatile boolean stockType;

    /** Registers as the stock type until activation reads the settings. */
    public Auth0ConnectorConfiguration() {
        this(true);
    }

    Auth0ConnectorConfiguration(boolean stockType) {
        this.stockType = stockType;
    }

    @Activate
    void activate(BundleContext context) {
        ConnectorSettings settings = ConnectorSettings.load(context::getProperty);
        stockType = settings.takeoverStockType();
        LOG.info("Auth0 key manager connector registered as type \"" + getType() + "\" (takeover_stock_type="
                + settings.takeoverStockType() + ", from " + settings.source() + ")");
    }

    @Override
    public String getImplementation() {
        return IMPLEMENTATION;
    }

    /**
     * Our validator, never null: null would make APIM use its built-in JWTValidatorImpl, which counts a token as
     * valid when the JWKS fetch fails and never checks aud.
     */
    @Override
    public String getJWTValidator() {
        return JWT_VALIDATOR;
    }

    @Override
    public String getType() {
        return stockType ? STOCK_TYPE : OWN_TYPE;
    }

    @Override
    public String getDisplayName() {
        return stockType ? STOCK_DISPLAY_NAME : OWN_DISPLAY_NAME;
    }

    @Override
    public String getDefaultScopesClaim() {
        return SCOPES_CLAIM;
    }

    @Override
    public String getDefaultConsumerKeyClaim() {
        return CONSUMER_KEY_CLAIM;
    }

    @Override
    public List<ConfigurationDto> getConnectionConfigurations() {
        List<ConfigurationDto> fields = new ArrayList<>();
        fields.add(input(CLIENT_ID, "Client ID (machine-to-machine application for the Management API)",
                "Client ID of the Machine to Machine application authorized for the Auth0 Management API. "
                        + "Auth0 Dashboard > Applications > Applications > (your M2M application) > Settings > "
                        + "Basic Information > Client ID: 32 letters and digits.",
                "", true, false));
        fields.add(input(CLIENT_SECRET, "Client Secret (of that application)",
                "Client Secret of the same Machine to Machine application. Auth0 Dashboard > Applications > "
                        + "Applications > (your M2M application) > Settings > Basic Information > Client Secret: "
                        + "64 characters; stored encrypted.",
                "", true, true));
        fields.add(input(AUDIENCE, "Management API Audience (https://your-tenant.eu.auth0.com/api/v2/)",
                "Identifier of the Auth0 Management API, used to obtain its token. Auth0 Dashboard > "
                        + "Applications > APIs > Auth0 Management API > Settings > Identifier, e.g. "
                        + "https://your-tenant.eu.auth0.com/api/v2/ (with the trailing slash). The M2M "
                        + "application needs create/read/update/delete:clients, read:client_keys, update:client_keys (to regenerate secrets), "
                        + "create/read/update/delete:client_grants, read:resource_servers and "
                        + "update:resource_servers on it (APIs > Auth0 Management API > Machine to Machine "
                        + "Applications).",
                "", true, false));
        fields.add(input(API_AUDIENCE, "Default API Audience (optional: the Identifier of your Auth0 API)",
                "Identifier of the Auth0 API that applications are granted access to when the Developer Portal "
                        + "does not name one (the application field 'Audience of the API' overrides it). Auth0 "
                        + "Dashboard > Applications > APIs > (your API) > Settings > Identifier, e.g. "
                        + "https://api.example.com/orders. Optional.",
                "", false, false));
        fields.add(input(ALLOWED_API_AUDIENCES, ALLOWED_API_AUDIENCES_LABEL,
                "Comma-separated identifiers of the Auth0 APIs that Developer Portal applications may be granted "
                        + "(the application field 'Audience of the API'); find each under Auth0 Dashboard > "
                        + "Applications > APIs > (your API) > Settings > Identifier. Empty (the default): only the "
                        + "Default API Audience. * : any API of the tenant except the Auth0 Management API, so "
                        + "developers could grant their applications internal APIs too.",
                DEFAULT_ALLOWED_API_AUDIENCES, false, false));
        fields.add(input(CONNECT_TIMEOUT_MS, "Connect Timeout (ms, default " + DEFAULT_CONNECT_TIMEOUT_MS + ")",
                "Milliseconds to wait for a connection to your Auth0 tenant (https://your-tenant.eu.auth0.com, "
                        + "shown under Auth0 Dashboard > Settings > General > Domain) before the call fails. "
                        + "Whole number from 1 to 120000, default " + DEFAULT_CONNECT_TIMEOUT_MS + " (also when empty).",
                DEFAULT_CONNECT_TIMEOUT_MS, false, false));
        fields.add(input(READ_TIMEOUT_MS, "Read Timeout (ms, default " + DEFAULT_READ_TIMEOUT_MS + ")",
                "Milliseconds to wait for a reply from the Auth0 Management API or token endpoint of that domain "
                        + "(Auth0 Dashboard > Settings > General > Domain). Whole number from 1 to 300000, default "
                        + DEFAULT_READ_TIMEOUT_MS + " (also when empty).",
                DEFAULT_READ_TIMEOUT_MS, false, false));
        fields.add(new ConfigurationDto(SCOPE_SYNC, SCOPE_SYNC_LABEL, "options",
                "true: publishing an API with scopes creates and updates them on the Auth0 API (Auth0 Dashboard "
                        + "> Applications > APIs > (your API) > Permissions), which needs read:resource_servers "
                        + "and update:resource_servers. false: scopes are maintained in the Auth0 Dashboard by "
                        + "hand. Default " + DEFAULT_SCOPE_SYNC + " (also when no option is selected).",
                DEFAULT_SCOPE_SYNC, false, false, Arrays.asList("true", "false"), false));
        return fields;
    }

    @Override
    public List<ConfigurationDto> getApplicationConfigurations() {
        List<ConfigurationDto> fields = new ArrayList<>();
        fields.add(new ConfigurationDto(APP_TYPE, "Application Type (non_interactive = Machine to Machine, for API clients)", "select",
                "Type of the Auth0 application created for these keys, as shown in Auth0 Dashboard > "
                        + "Applications > Applications > (application) > Settings > Application Type: "
                        + "non_interactive = Machine to Machine (client credentials, for API clients), "
                        + "regular_web = Regular Web Application, spa = Single Page Application, "
                        + "native = Native.",
                DEFAULT_APP_TYPE, false, false,
                Arrays.asList(DEFAULT_APP_TYPE, "regular_web", "spa", "native"), false));
        fields.add(new ConfigurationDto(TOKEN_ENDPOINT_AUTH_METHOD,
                "Token Endpoint Authentication Method (client_secret_post or client_secret_basic; none: spa and native only)",
                "select",
                "How the application authenticates at https://your-tenant.eu.auth0.com/oauth/token, as shown in "
                        + "Auth0 Dashboard > Applications > Applications > (application) > Credentials > "
                        + "Authentication Method: client_secret_post = Client Secret (Post), client_secret_basic "
                        + "= Client Secret (Basic), none = no secret (spa and native only).",
                DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD, true, false,
                Arrays.asList(DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD, "client_secret_basic", "none"), false));
        fields.add(new ConfigurationDto(AUDIENCE_OF_API, "Audience of the API (empty: the key manager's Default API Audience)", "text",
                "Identifier of the Auth0 API this application requests tokens for: Auth0 Dashboard > "
                        + "Applications > APIs > (API) > Settings > Identifier, e.g. https://api.example.com/orders. "
                        + "Empty uses the key manager's Default API Audience.",
                "", false, false, Collections.emptyList(), false));
        return fields;
    }

    private static ConfigurationDto input(String name, String label, String tooltip, String defaultValue,
                                          boolean required, boolean mask) {
        return new ConfigurationDto(name, label, "input", tooltip, defaultValue, required, mask,
                Collections.emptyList(), false);
    }
}
