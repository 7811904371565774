package dev.apimauth0.oracle;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

import org.mockito.Mockito;
import org.wso2.carbon.apimgt.impl.APIManagerConfiguration;
import org.wso2.carbon.apimgt.impl.APIManagerConfigurationService;
import org.wso2.carbon.apimgt.impl.internal.ServiceReferenceHolder;

/**
 * The part of an APIM node's OSGi environment the real 9.0.174 classes read, for one test: the impl bundle's
 * ServiceReferenceHolder with an APIManagerConfigurationService (a mock) that hands out a real
 * APIManagerConfiguration holding the given api-manager.xml properties (dotted keys, as getFirstProperty reads them).
 *
 * <p>APIManagerConfiguration itself cannot be mocked: mockito's inline mock maker reads its fields, and one of them
 * is an org.wso2.securevault.SecretResolver (WSO2's secure vault, not on Maven Central). The real class loads, and
 * its own private addToConfiguration fills it as load(api-manager.xml) would.
 */
public final class ApimEnvironment implements AutoCloseable {

    private final APIManagerConfigurationService previous;
    private final APIManagerConfiguration configuration;

    private ApimEnvironment(Map<String, String> properties) {
        configuration = configuration(properties);
        APIManagerConfigurationService service = Mockito.mock(APIManagerConfigurationService.class);
        Mockito.when(service.getAPIManagerConfiguration()).thenReturn(configuration);
        ServiceReferenceHolder holder = ServiceReferenceHolder.getInstance();
        previous = holder.getAPIManagerConfigurationService();
        holder.setAPIManagerConfigurationService(service);
    }

    /** Installs the configuration into impl's ServiceReferenceHolder until close(). */
    public static ApimEnvironment withConfiguration(Map<String, String> properties) {
        return new ApimEnvironment(properties);
    }

    public APIManagerConfiguration configuration() {
        return configuration;
    }

    /** A real APIManagerConfiguration with these properties, as load(api-manager.xml) stores them. */
    public static APIManagerConfiguration configuration(Map<String, String> properties) {
        APIManagerConfiguration c = new APIManagerConfiguration();
        try {
            MethodHandle add = MethodHandles.privateLookupIn(APIManagerConfiguration.class, MethodHandles.lookup())
                    .findVirtual(APIManagerConfiguration.class, "addToConfiguration",
                            MethodType.methodType(void.class, String.class, String.class));
            for (Map.Entry<String, String> e : properties.entrySet()) {
                add.invoke(c, e.getKey(), e.getValue());
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot fill APIManagerConfiguration 9.0.174: " + e, e);
        }
        return c;
    }

    @Override
    public void close() {
        ServiceReferenceHolder.getInstance().setAPIManagerConfigurationService(previous);
    }
}
