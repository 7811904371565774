#!/bin/sh
# Removes Auth0 for WSO2 API Manager ${project.version} from the APIM home this script sits in.
# Stop the server first, and remove the [apim_auth0.*] sections and the
# [synapse_handlers.apim_auth0_token_guard] section from repository/conf/deployment.toml
# (see INSTALL.md). Files already gone are skipped.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
home=$(dirname "$here")
list="$here/installed-files.txt"

if [ ! -f "$list" ]; then
    echo "uninstall: $list not found; nothing to do" >&2
    exit 1
fi
if [ ! -d "$home/repository/components" ]; then
    echo "uninstall: $home does not look like an APIM home (no repository/components)" >&2
    exit 1
fi

removed=0
# the files the zip added, except this folder (removed last)
while IFS= read -r entry; do
    case "$entry" in
        ''|'#'*|apim-auth0/*) continue ;;
        *..*) echo "uninstall: refusing suspicious entry '$entry'" >&2; exit 1 ;;
    esac
    if [ -f "$home/$entry" ]; then
        rm -f "$home/$entry"
        echo "removed $entry"
        removed=$((removed + 1))
    fi
done < "$list"

# the files APIM rendered from our templates at startup
for rendered in repository/conf/apim-auth0-gateway.properties repository/conf/apim-auth0-connector.properties; do
    if [ -f "$home/$rendered" ]; then
        rm -f "$home/$rendered"
        echo "removed $rendered"
        removed=$((removed + 1))
    fi
done

rm -rf "$here"
echo "removed apim-auth0/ ($removed other files removed)"
