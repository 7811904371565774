package dev.apimauth0.osgitests.standin;

import org.wso2.carbon.apimgt.api.model.ConfigurationDto;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import java.util.Collections;
import java.util.List;

/**
 * Stand-in for the connector that every APIM 4.0.0 pack installs (bundle auth0.key.manager 1.0.1): a DS component
 * registering type "Auth0". Only its identity matters to the tests: bundle symbolic name, type, DS registration.
 */
public class StockAuth0Connector implements KeyManagerConnectorConfiguration {

    public static final String IMPLEMENTATION = "org.wso2.auth0.client.Auth0OAuthClient";

    @Override
    public String getImplementation() {
        return IMPLEMENTATION;
    }

    @Override
    public String getJWTValidator() {
        return null;
    }

    @Override
    public List<ConfigurationDto> getConnectionConfigurations() {
        return Collections.emptyList();
    }

    @Override
    public List<ConfigurationDto> getApplicationConfigurations() {
        return Collections.emptyList();
    }

    @Override
    public String getType() {
        return "Auth0";
    }
}
