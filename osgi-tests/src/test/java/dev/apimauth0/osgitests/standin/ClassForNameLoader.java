package dev.apimauth0.osgitests.standin;

/**
 * Lives in a bundle whose only wiring is {@code DynamicImport-Package: *}, like APIM's impl bundle (key managers)
 * and synapse-core (handlers), and creates classes by name the way they do.
 */
public final class ClassForNameLoader {

    private ClassForNameLoader() {
    }

    public static Object newInstance(String className) throws Exception {
        return Class.forName(className).getDeclaredConstructor().newInstance();
    }
}
