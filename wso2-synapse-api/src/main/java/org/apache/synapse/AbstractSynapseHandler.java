package org.apache.synapse;

import java.util.HashMap;
import java.util.Map;

/**
 * Declaration of the WSO2 Synapse fork's base class for global handlers (2.1.7-wso2v227): keeps the handler's
 * name and its properties (set from {@code <parameter>} elements of synapse-handlers.xml).
 */
public abstract class AbstractSynapseHandler implements SynapseHandler {

    private String name;
    private final Map<String, Object> properties = new HashMap<String, Object>();

    @Override
    public void addProperty(String name, Object value) {
        properties.put(name, value);
    }

    @Override
    public Map getProperties() {
        return properties;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }
}
