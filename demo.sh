#!/bin/sh
# The main job: builds what it needs, then runs the whole flow on embedded parts (see README.md, "The demo").
# Uses a real Auth0 tenant instead of the simulator when AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET and
# AUTH0_AUDIENCE are set. Exits 0 only if every expectation held.
set -eu
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    echo "demo.sh needs java (17 or later) and mvn on the PATH" >&2
    exit 2
fi

echo "building (mvn -B -q install -DskipTests) ..."
build_log=$(mktemp)
if ! mvn -B -q -Dstyle.color=never install -DskipTests >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "demo.sh: the build failed" >&2
    exit 2
fi
rm -f "$build_log"

jar=demo/target/apim-auth0-demo-1.0.0-SNAPSHOT.jar
cp_file=demo/target/demo-classpath.txt
if [ ! -f "$jar" ] || [ ! -f "$cp_file" ]; then
    echo "demo.sh: the build did not produce $jar and $cp_file" >&2
    exit 2
fi
root=$(pwd)
classpath="$root/$jar:$(cat "$cp_file")"
# Synapse's HTTP transport writes an access log under ./logs: keep it in the build directory
cd demo/target
exec java -cp "$classpath" dev.apimauth0.demo.Demo
