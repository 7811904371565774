package dev.apimauth0.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.synapse.AbstractSynapseHandler;
import org.apache.synapse.ManagedLifecycle;
import org.apache.synapse.MessageContext;
import org.apache.synapse.SynapseException;
import org.apache.synapse.SynapseHandler;
import org.apache.synapse.config.xml.PropertyHelper;
import org.apache.synapse.core.SynapseEnvironment;
import org.apache.synapse.rest.AbstractHandler;
import org.junit.jupiter.api.Test;

import dev.apimauth0.core.config.GatewaySetting;

/**
 * The shipped handlers against the WSO2 Synapse fork's contracts (2.1.7-wso2v227): what APIM loads them as, which
 * methods it calls, and that every setting can be set the way Synapse sets handler properties (a bean setter found
 * by name, called with the string value; a missing setter makes loading fail).
 */
class HandlerSignatureTest {

    private static final List<Class<?>> HANDLERS = Arrays.asList(Auth0TokenGuardHandler.class,
            Auth0TokenGuardSynapseHandler.class);

    @Test
    void apiHandlerIsWhatApimLoadsAsAnApiHandler() throws Exception {
        Class<?> c = Auth0TokenGuardHandler.class;
        assertThat(c.getName()).isEqualTo("dev.apimauth0.gateway.Auth0TokenGuardHandler");
        assertThat(c.getSuperclass()).isEqualTo(AbstractHandler.class);
        assertThat(ManagedLifecycle.class.isAssignableFrom(c)).isTrue();
        assertConcretePublicWithNoArgConstructor(c);

        assertPublic(c.getMethod("handleRequest", MessageContext.class), boolean.class);
        assertPublic(c.getMethod("handleResponse", MessageContext.class), boolean.class);
        assertPublic(c.getMethod("init", SynapseEnvironment.class), void.class);
        assertPublic(c.getMethod("destroy"), void.class);
        // the fork's rest.Handler adds these two; AbstractHandler implements them
        assertPublic(c.getMethod("addProperty", String.class, Object.class), void.class);
        assertPublic(c.getMethod("getProperties"), Map.class);
    }

    @Test
    void wso2AbstractHandlerDeclarationHasTheForksShape() throws Exception {
        Class<?> c = AbstractHandler.class;
        assertThat(Modifier.isAbstract(c.getModifiers())).isTrue();
        assertThat(c.getInterfaces()).containsExactly(org.apache.synapse.rest.Handler.class);
        assertThat(c.getDeclaredField("properties").getType()).isEqualTo(Map.class);
        assertThat(Modifier.isProtected(c.getDeclaredField("properties").getModifiers())).isTrue();
        assertThat(publicMethodNames(c, AbstractHandler.class))
                .containsExactlyInAnyOrder("addProperty", "getProperties");
    }

    @Test
    void globalHandlerIsWhatSynapseHandlersLoaderAccepts() throws Exception {
        Class<?> c = Auth0TokenGuardSynapseHandler.class;
        assertThat(c.getName()).isEqualTo("dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler");
        assertThat(c.getSuperclass()).isEqualTo(AbstractSynapseHandler.class);
        assertThat(SynapseHandler.class.isAssignableFrom(c)).isTrue();
        assertConcretePublicWithNoArgConstructor(c);
        for (String flow : new String[] {"handleRequestInFlow", "handleRequestOutFlow", "handleResponseInFlow",
                "handleResponseOutFlow"}) {
            Method m = c.getMethod(flow, MessageContext.class);
            assertPublic(m, boolean.class);
            assertThat(m.getDeclaringClass()).as(flow).isEqualTo(c);
        }
        assertPublic(c.getMethod("setName", String.class), void.class);
        assertPublic(c.getMethod("getName"), String.class);
        assertPublic(c.getMethod("addProperty", String.class, Object.class), void.class);
        assertPublic(c.getMethod("getProperties"), Map.class);
    }

    @Test
    void synapseHandlerDeclarationHasExactlyTheForksEightMethods() {
        Set<String> methods = Arrays.stream(SynapseHandler.class.getDeclaredMethods())
                .map(m -> m.getReturnType().getSimpleName() + " " + m.getName() + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(methods).containsExactlyInAnyOrder(
                "boolean handleRequestInFlow(MessageContext)", "boolean handleRequestOutFlow(MessageContext)",
                "boolean handleResponseInFlow(MessageContext)", "boolean handleResponseOutFlow(MessageContext)",
                "void addProperty(String,Object)", "Map getProperties()", "String getName()", "void setName(String)");
    }

    @Test
    void everyGatewaySettingHasAPublicStringSetterOnBothHandlers() {
        for (Class<?> c : HANDLERS) {
            for (GatewaySetting setting : GatewaySetting.ALL) {
                Method m;
                try {
                    m = c.getMethod(setting.setterName(), String.class);
                } catch (NoSuchMethodException e) {
                    throw new AssertionError(c.getSimpleName() + " has no public " + setting.setterName() + "(String) for "
                            + setting.name() + ": GatewaySettingSetters is generated from GatewaySetting.ALL at "
                            + "generate-sources; build with Maven (or run that phase) after changing the table");
                }
                assertPublic(m, void.class);
                // exactly one method of that name: WSO2's PropertyHelper (config.xml) calls every overload it finds
                assertThat(Arrays.stream(c.getMethods()).filter(x -> x.getName().equals(setting.setterName())))
                        .as(c.getSimpleName() + "." + setting.setterName()).hasSize(1);
            }
        }
    }

    @Test
    void theSharedSettersAreExactlyTheTablesRows() {
        Set<String> setters = Arrays.stream(GatewaySettingSetters.class.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("set")).peek(m -> assertThat(m.isDefault()).as(m.getName()).isTrue())
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rows = GatewaySetting.ALL.stream().map(GatewaySetting::setterName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(setters).isEqualTo(rows);
        for (Class<?> c : HANDLERS) {
            assertThat(GatewaySettingSetters.class.isAssignableFrom(c)).as(c.getSimpleName()).isTrue();
        }
    }

    @Test
    void synapsePropertyHelperReachesEverySettingOfTheApiHandler() {
        // org.apache.synapse.config.xml.PropertyHelper: what the fork's APIFactory.defineHandler calls per <property>
        Auth0TokenGuardHandler handler = new Auth0TokenGuardHandler();
        setEveryProperty(handler);
        assertEveryValueArrived(handler.core);
    }

    @Test
    void synapsePropertyHelperReachesEverySettingOfTheGlobalHandler() {
        Auth0TokenGuardSynapseHandler handler = new Auth0TokenGuardSynapseHandler();
        setEveryProperty(handler);
        assertEveryValueArrived(handler.core);
    }

    private static void setEveryProperty(Object handler) {
        for (GatewaySetting setting : GatewaySetting.ALL) {
            if (setting != GatewaySetting.CONFIG_FILE) {
                PropertyHelper.setInstanceProperty(setting.propertyName(), "value-of-" + setting.name(), handler);
            }
        }
    }

    private static void assertEveryValueArrived(HandlerCore core) {
        Map<String, String> effective = core.settings.resolve();
        for (GatewaySetting setting : GatewaySetting.ALL) {
            if (setting != GatewaySetting.CONFIG_FILE) {
                assertThat(effective).containsEntry(setting.name(), "value-of-" + setting.name());
            }
        }
        assertThat(effective).hasSize(GatewaySetting.ALL.size() - 1);
    }

    @Test
    void theConfigFilePropertyNamesTheFile() {
        Auth0TokenGuardSynapseHandler handler = new Auth0TokenGuardSynapseHandler();
        PropertyHelper.setInstanceProperty("configFile", "/no/such/apim-auth0-gateway.properties", handler);
        assertThatThrownBy(handler.core.settings::resolve)
                .hasMessage("apim_auth0.gateway.config_file: file not found or not a regular file, "
                        + "got \"/no/such/apim-auth0-gateway.properties\"");
    }

    @Test
    void aPropertyWithoutSetterIsRefusedBySynapse() {
        // the reason every documented key needs a setter: loading fails otherwise
        assertThatThrownBy(() -> PropertyHelper.setInstanceProperty("noSuchSetting", "x", new Auth0TokenGuardHandler()))
                .isInstanceOf(SynapseException.class);
    }

    private static void assertConcretePublicWithNoArgConstructor(Class<?> c) throws NoSuchMethodException {
        assertThat(Modifier.isPublic(c.getModifiers())).isTrue();
        assertThat(Modifier.isAbstract(c.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(c.getConstructor().getModifiers())).isTrue();
        for (Method m : c.getMethods()) {
            assertThat(Modifier.isAbstract(m.getModifiers())).as("abstract method left: " + m).isFalse();
        }
    }

    private static void assertPublic(Method m, Class<?> returnType) {
        assertThat(Modifier.isPublic(m.getModifiers())).as(m + " is public").isTrue();
        assertThat(Modifier.isStatic(m.getModifiers())).as(m + " is an instance method").isFalse();
        assertThat(m.getReturnType()).as(m + " return type").isEqualTo(returnType);
    }

    private static Set<String> publicMethodNames(Class<?> c, Class<?> declaredIn) {
        return Arrays.stream(c.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getDeclaringClass() == declaredIn).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
