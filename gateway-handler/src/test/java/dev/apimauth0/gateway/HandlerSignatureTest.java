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

import dev.apimauth0.core.token.GuardSettings;

/**
 * The shipped handlers against the WSO2 Synapse fork's contracts (2.1.7-wso2v227): what APIM loads them as, which
 * methods it calls, and that every setting can be set the way Synapse sets handler properties (a bean setter found
 * by name, called with the string value; a missing setter makes loading fail).
 */
class HandlerSignatureTest {

    /** The gateway keys of the shared settings list (LAYOUT "Gateway settings"), plus the handler-only key. */
    static final List<String> DOCUMENTED_KEYS = Arrays.asList(
            "issuers", "audiences", "jwks_uri", "algorithms", "allowed_azp", "jwks_cooldown_seconds",
            "jwks_max_age_seconds", "jwks_connect_timeout_ms", "jwks_read_timeout_ms", "unknown_kid_memory",
            "enabled", "realm", "clock_leeway_seconds", "max_token_bytes", "verified_cache_size",
            "auth0_only_paths", "required_scopes", "providers", "config_file");

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
    void everyDocumentedKeyHasAPublicStringSetterOnBothHandlers() {
        for (Class<?> c : new Class<?>[] {Auth0TokenGuardHandler.class, Auth0TokenGuardSynapseHandler.class}) {
            for (String key : DOCUMENTED_KEYS) {
                String property = GuardSettings.propertyForKey(key);
                String setter = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
                Method m;
                try {
                    m = c.getMethod(setter, String.class);
                } catch (NoSuchMethodException e) {
                    throw new AssertionError(c.getSimpleName() + " has no public " + setter + "(String) for " + key);
                }
                assertPublic(m, void.class);
            }
        }
    }

    @Test
    void everyKeyTheCoreLoaderKnowsHasASetterToo() {
        for (GuardSettings.Key key : GuardSettings.KEYS) {
            String property = key.propertyName();
            String setter = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
            for (Class<?> c : new Class<?>[] {Auth0TokenGuardHandler.class, Auth0TokenGuardSynapseHandler.class}) {
                assertThat(Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals(setter)
                        && m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class))
                        .as(c.getSimpleName() + "." + setter + "(String) for " + key.name()).isTrue();
            }
        }
    }

    @Test
    void synapsePropertyHelperReachesEverySettingOfTheApiHandler() {
        Auth0TokenGuardHandler handler = new Auth0TokenGuardHandler();
        for (String key : DOCUMENTED_KEYS) {
            if (!key.equals("config_file")) {
                PropertyHelper.setInstanceProperty(GuardSettings.propertyForKey(key), "value-of-" + key, handler);
            }
        }
        Map<String, String> effective = handler.core.settings.resolve();
        for (String key : DOCUMENTED_KEYS) {
            if (!key.equals("config_file")) {
                assertThat(effective).containsEntry(key, "value-of-" + key);
            }
        }
    }

    @Test
    void synapsePropertyHelperReachesEverySettingOfTheGlobalHandler() {
        Auth0TokenGuardSynapseHandler handler = new Auth0TokenGuardSynapseHandler();
        PropertyHelper.setInstanceProperty("jwksUri", "https://tenant.example/.well-known/jwks.json", handler);
        PropertyHelper.setInstanceProperty("auth0OnlyPaths", "/secure", handler);
        assertThat(handler.core.settings.resolve())
                .containsEntry("jwks_uri", "https://tenant.example/.well-known/jwks.json")
                .containsEntry("auth0_only_paths", "/secure");
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
