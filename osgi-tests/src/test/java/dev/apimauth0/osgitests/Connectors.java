package dev.apimauth0.osgitests;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Reads KeyManagerConnectorConfiguration services, and keeps a map of connectors by type exactly the way APIM
 * 9.0.174 does (a registration puts its type, replacing whatever was there; an unregistration removes its type,
 * whoever put it last), so tests can see what APIM ends up with.
 */
final class Connectors implements ServiceListener, AutoCloseable {

    /** A registered connector: its type and the symbolic name of the bundle that registered it. */
    static final class Registered {
        final String type;
        final String bundle;
        final String implementation;

        Registered(String type, String bundle, String implementation) {
            this.type = type;
            this.bundle = bundle;
            this.implementation = implementation;
        }

        @Override
        public String toString() {
            return type + " from " + bundle;
        }
    }

    private final BundleContext context;
    private final Map<ServiceReference<?>, Registered> seen = new HashMap<>();
    private final Map<String, Registered> apimMap = new HashMap<>();
    private final AtomicInteger stockRegistrations = new AtomicInteger();

    private Connectors(BundleContext context) {
        this.context = context;
    }

    static Connectors open(BundleContext context) throws InvalidSyntaxException {
        Connectors connectors = new Connectors(context);
        context.addServiceListener(connectors,
                "(objectClass=" + KeyManagerConnectorConfiguration.class.getName() + ")");
        for (ServiceReference<KeyManagerConnectorConfiguration> reference
                : context.getServiceReferences(KeyManagerConnectorConfiguration.class, null)) {
            connectors.added(reference);
        }
        return connectors;
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            added(event.getServiceReference());
        } else if (event.getType() == ServiceEvent.UNREGISTERING) {
            removed(event.getServiceReference());
        }
    }

    private synchronized void added(ServiceReference<?> reference) {
        Registered registered = read(context, reference);
        if (registered == null) {
            return;
        }
        seen.put(reference, registered);
        apimMap.put(registered.type, registered);
        if (TestBundles.STOCK_BSN.equals(registered.bundle)) {
            stockRegistrations.incrementAndGet();
        }
    }

    private synchronized void removed(ServiceReference<?> reference) {
        Registered registered = seen.remove(reference);
        if (registered != null) {
            apimMap.remove(registered.type);
        }
    }

    /** What APIM's connector map holds now, by type. */
    synchronized Map<String, Registered> apimView() {
        return new HashMap<>(apimMap);
    }

    int stockRegistrations() {
        return stockRegistrations.get();
    }

    @Override
    public void close() {
        context.removeServiceListener(this);
    }

    /** Every connector registered in the framework right now. */
    static List<Registered> registered(BundleContext context) throws InvalidSyntaxException {
        List<Registered> all = new ArrayList<>();
        Collection<ServiceReference<KeyManagerConnectorConfiguration>> references =
                context.getServiceReferences(KeyManagerConnectorConfiguration.class, null);
        for (ServiceReference<KeyManagerConnectorConfiguration> reference : references) {
            Registered registered = read(context, reference);
            if (registered != null) {
                all.add(registered);
            }
        }
        return all;
    }

    static List<Registered> ofType(BundleContext context, String type) throws InvalidSyntaxException {
        List<Registered> matching = new ArrayList<>();
        for (Registered registered : registered(context)) {
            if (type.equals(registered.type)) {
                matching.add(registered);
            }
        }
        return matching;
    }

    private static Registered read(BundleContext context, ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        Object service = context.getService(reference);
        if (bundle == null || !(service instanceof KeyManagerConnectorConfiguration)) {
            return null;
        }
        try {
            KeyManagerConnectorConfiguration connector = (KeyManagerConnectorConfiguration) service;
            return new Registered(connector.getType(), bundle.getSymbolicName(), connector.getImplementation());
        } finally {
            context.ungetService(reference);
        }
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** Polls until the condition holds or the time is up (bounded; the tests then fail with their own message). */
    static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    static String describe(BundleContext context) {
        try {
            return "registered connectors " + registered(context);
        } catch (InvalidSyntaxException e) {
            return e.toString();
        }
    }
}
