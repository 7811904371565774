#!/bin/sh
# Auth0 for WSO2 API Manager ${project.version}: tenant tools.
#   doctor                 check the Auth0 tenant, APIM's machine-to-machine application and a deployment.toml
#   setup                  create the Auth0 API, APIM's machine-to-machine application and its Management API grant
#   register-key-manager   create or update the Auth0 key manager through APIM's Admin REST API
# Run with --help for the options. Needs Java 8 or later (APIM's own JDK will do: set JAVA_HOME).
# Secrets are read from environment variables or files, never from arguments. Exit status: 0 every check passed,
# 1 something is wrong (each fix is printed), 2 the command could not run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${JAVA_HOME:-}" ] && [ -x "${JAVA_HOME:-}/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
else
    java=java
fi
# JAVA_OPTS may name a trust store, e.g. APIM's own for its self-signed certificate:
#   JAVA_OPTS="-Djavax.net.ssl.trustStore=<APIM_HOME>/repository/resources/security/client-truststore.jks -Djavax.net.ssl.trustStorePassword=wso2carbon"
# shellcheck disable=SC2086
exec "$java" ${JAVA_OPTS:-} -jar "$here/apim-auth0-tenant-tools-${project.version}.jar" "$@"
