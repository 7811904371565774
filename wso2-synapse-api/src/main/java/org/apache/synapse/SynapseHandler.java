package org.apache.synapse;

import java.util.Map;

/**
 * Declaration of the WSO2 Synapse fork's global handler contract (2.1.7-wso2v227): invoked for every message entering
 * or leaving the mediation engine; returning false stops the flow (the handler then answers the client itself).
 */
public interface SynapseHandler {

    boolean handleRequestInFlow(MessageContext synCtx);

    boolean handleRequestOutFlow(MessageContext synCtx);

    boolean handleResponseInFlow(MessageContext synCtx);

    boolean handleResponseOutFlow(MessageContext synCtx);

    void addProperty(String name, Object value);

    Map getProperties();

    String getName();

    void setName(String name);
}
