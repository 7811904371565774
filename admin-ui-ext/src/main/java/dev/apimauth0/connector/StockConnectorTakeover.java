package dev.apimauth0.connector;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.wso2.carbon.apimgt.api.model.KeyManagerConnectorConfiguration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes this project's connector the only one of type "Auth0", whatever order the bundles start in.
 *
 * <p>Every APIM 4.0.0 pack installs the stock connector bundle, which registers the same type. APIM keeps one
 * connector per type: the last registered wins and unregistering either removes the type. So when the stock
 * connector is or becomes registered, its bundle is stopped transiently (uninstalling this project brings it back
 * on the next start) and our connector is registered again, so it is the last one APIM sees. The work runs on a
 * thread of its own, never on the framework's event thread.
 */
@Component(name = StockConnectorTakeover.COMPONENT_NAME, immediate = true)
public final class StockConnectorTakeover {

    static final String COMPONENT_NAME = "dev.apimauth0.connector.StockConnectorTakeover";
    /** Bundle-SymbolicName of the connector shipped in APIM 4.0.0 (wso2-extensions/apim-km-auth0). */
    public static final String STOCK_BUNDLE = "auth0.key.manager";

    private static final Log LOG = LogFactory.getLog(StockConnectorTakeover.class);
    private static final String FILTER =
            "(" + org.osgi.framework.Constants.OBJECTCLASS + "=" + KeyManagerConnectorConfiguration.class.getName() + ")";
    private static final int STOP_ATTEMPTS = 3;
    private static final long STEP_TIMEOUT_MS = 10_000L;

    private ComponentContext componentContext;
    private BundleContext bundleContext;
    private ExecutorService worker;
    private ServiceListener listener;

    @Activate
    void activate(ComponentContext context) throws InvalidSyntaxException {
        componentContext = context;
        bundleContext = context.getBundleContext();
        ConnectorSettings settings = ConnectorSettings.load(bundleContext::getProperty);
        if (!settings.takeoverStockType()) {
            LOG.info("Takeover of connector type \"" + Auth0ConnectorConfiguration.STOCK_TYPE + "\" is off (from "
                    + settings.source() + "): bundle " + STOCK_BUNDLE + " is left alone, ours is type \""
                    + Auth0ConnectorConfiguration.OWN_TYPE + "\"");
            return;
        }
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "apim-auth0-connector-takeover");
            thread.setDaemon(true);
            return thread;
        });
        listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED && fromStockBundle(event.getServiceReference())) {
                schedule(event.getServiceReference());
            }
        };
        bundleContext.addServiceListener(listener, FILTER);
        ServiceReference<?>[] present = bundleContext.getAllServiceReferences(
                KeyManagerConnectorConfiguration.class.getName(), null);
        if (present != null) {
            for (ServiceReference<?> reference : present) {
                if (fromStockBundle(reference)) {
                    schedule(reference);
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (listener != null) {
            try {
                bundleContext.removeServiceListener(listener);
            } catch (IllegalStateException ignored) {
                // our bundle is already stopping: the framework drops the listener itself
            }
            listener = null;
        }
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    private static boolean fromStockBundle(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle != null && STOCK_BUNDLE.equals(bundle.getSymbolicName());
    }

    private void schedule(ServiceReference<?> reference) {
        ExecutorService current = worker;
        if (current == null) {
            return;
        }
        try {
            current.execute(() -> takeOver(reference));
        } catch (RejectedExecutionException ignored) {
            // deactivating: nothing left to do
        }
    }

    private void takeOver(ServiceReference<?> reference) {
        Bundle stock = reference.getBundle();
        if (stock == null) {
            return; // unregistered meanwhile
        }
        String type = typeOf(reference);
        if (!Auth0ConnectorConfiguration.STOCK_TYPE.equals(type)) {
            return; // not the connector we replace: leave it alone
        }
        if (!stopTransiently(stock)) {
            return;
        }
        // the stock service's unregistration removed type "Auth0" from APIM's connector map: register ours again.
        // SCR applies enable/disable asynchronously, so wait for each step before the next.
        componentContext.disableComponent(Auth0ConnectorConfiguration.COMPONENT_NAME);
        boolean unregistered = awaitOwnConnector(false);
        if (Thread.currentThread().isInterrupted()) {
            return; // deactivating: SCR handles the rest
        }
        if (!unregistered) {
            LOG.error("Our Auth0 connector did not unregister within " + STEP_TIMEOUT_MS + " ms; APIM may be "
                    + "without connector type \"" + Auth0ConnectorConfiguration.STOCK_TYPE + "\" until a restart");
        }
        componentContext.enableComponent(Auth0ConnectorConfiguration.COMPONENT_NAME);
        boolean registered = awaitOwnConnector(true);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        if (registered) {
            LOG.info("Connector type \"" + Auth0ConnectorConfiguration.STOCK_TYPE + "\" is now served by "
                    + Auth0ConnectorConfiguration.IMPLEMENTATION + ": registered again after stopping "
                    + STOCK_BUNDLE);
        } else {
            LOG.error("Our Auth0 connector did not register again within " + STEP_TIMEOUT_MS + " ms; APIM may "
                    + "be without connector type \"" + Auth0ConnectorConfiguration.STOCK_TYPE + "\" until a "
                    + "restart");
        }
    }

    /** Polls (bounded) until this bundle does or does not register a connector service. */
    private boolean awaitOwnConnector(boolean registered) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (true) {
            if (registersOwnConnector() == registered) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean registersOwnConnector() {
        ServiceReference<?>[] services;
        try {
            services = bundleContext.getBundle().getRegisteredServices();
        } catch (IllegalStateException e) {
            return false; // our bundle is stopping
        }
        if (services != null) {
            for (ServiceReference<?> service : services) {
                for (String objectClass : (String[]) service.getProperty(org.osgi.framework.Constants.OBJECTCLASS)) {
                    if (KeyManagerConnectorConfiguration.class.getName().equals(objectClass)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String typeOf(ServiceReference<?> reference) {
        Object service;
        try {
            service = bundleContext.getService(reference);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the type of the connector from bundle " + STOCK_BUNDLE + ": " + e);
            return null;
        }
        if (service == null) {
            return null;
        }
        try {
            return service instanceof KeyManagerConnectorConfiguration
                    ? ((KeyManagerConnectorConfiguration) service).getType() : null;
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    private boolean stopTransiently(Bundle stock) {
        String name = STOCK_BUNDLE + " " + stock.getVersion() + " (bundle id " + stock.getBundleId() + ")";
        for (int attempt = 1; attempt <= STOP_ATTEMPTS; attempt++) {
            if ((stock.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
                return true; // already stopped by someone else; its service is gone
            }
            try {
                stock.stop(Bundle.STOP_TRANSIENT);
                LOG.info("Stopped bundle " + name + " for this run only (STOP_TRANSIENT): it registers connector "
                        + "type \"" + Auth0ConnectorConfiguration.STOCK_TYPE + "\", which this project replaces. "
                        + "Set takeover_stock_type = false under [apim_auth0.connector] to keep both.");
                return true;
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Attempt " + attempt + " of " + STOP_ATTEMPTS + " to stop bundle " + name + " failed: "
                        + e.getMessage());
                try {
                    Thread.sleep(1000L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        LOG.error("Could not stop bundle " + name + ": APIM may use the stock Auth0 connector. Stop it in the OSGi "
                + "console or set takeover_stock_type = false under [apim_auth0.connector].");
        return false;
    }
}
