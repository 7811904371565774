package org.apache.synapse.rest;

import java.util.HashMap;
import java.util.Map;

/**
 * Declaration of the WSO2 Synapse fork's base class for API-level handlers (2.1.7-wso2v227). The fork's
 * {@code rest.Handler} has four methods; Apache's has the first two, so the property methods are declared here.
 * The fork keeps the properties in a protected map that subclasses may read.
 */
public abstract class AbstractHandler implements Handler {

    protected final Map<String, Object> properties = new HashMap<String, Object>();

    public void addProperty(String name, Object value) {
        properties.put(name, value);
    }

    public Map getProperties() {
        return properties;
    }
}
