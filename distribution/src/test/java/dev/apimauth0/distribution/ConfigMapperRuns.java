package dev.apimauth0.distribution;

import java.nio.file.Path;

/** Entry point for tests in other packages: renders a deployment.toml with the built zip's templates. */
public final class ConfigMapperRuns {

    private ConfigMapperRuns() {
    }

    /** Lays out an APIM home under {@code home}, runs APIM's config mapper over it, and returns the home. */
    public static Path render(Path home, String deploymentToml) throws Exception {
        return ConfigMapperRun.render(ApimHomes.zip(), home, deploymentToml).home;
    }
}
