package dev.apimauth0.osgitests;

import java.io.File;

/** Paths and versions handed over by the build (failsafe systemPropertyVariables). */
final class Settings {

    private Settings() {
    }

    static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + key + " is not set: run the tests through Maven "
                    + "(mvn -B verify at the repository root)");
        }
        return value;
    }

    /** A jar the build must have produced; says how to produce it when it is missing. */
    static File existingFile(String key) {
        File file = new File(required(key));
        if (!file.isFile()) {
            throw new IllegalStateException(file + " does not exist: build the modules first, e.g. mvn -B verify "
                    + "at the repository root");
        }
        return file;
    }

    static String fileUrl(String key) {
        return existingFile(key).toURI().toString();
    }
}
