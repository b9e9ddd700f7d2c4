#!/bin/bash
# UI smoke test: installs the packaged .vsix into VS Code 1.100.3 (code-server), opens the
# workbench in headless chromium and drives it (ui-smoke.js). Runs inside a private network
# namespace with only loopback (unshare -n): proves it works offline and keeps chromium from
# flaking on network changes. The extension starts its embedded playground (simulated nodes)
# inside the namespace; the user's kubeconfig has no contexts, so every view shows the playground.
# usage: ui-smoke.sh VSIX SHOT_DIR        (run as root, or where unshare -n is allowed)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
VSIX=$1 SHOTS=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$H/tmp" "$SHOTS"
RUN=$(mktemp -d "$H/tmp/ui-XXXXXX")
export VSIX SHOTS HERE RUN ROOT
exec unshare -n bash -c '
set -euo pipefail
ip link set lo up 2>/dev/null || true
mkdir -p $RUN/udd/User $RUN/ext $RUN/ws
cp $HERE/../fixtures/*.yaml $RUN/ws/
node -e "
const s = require(\"$HERE/settings.json\");
Object.assign(s, { \"kubePlayground.dataDir\": \"$RUN/playground\", \"kubePlayground.runtime\": \"simulated\" });
require(\"fs\").writeFileSync(\"$RUN/udd/User/settings.json\", JSON.stringify(s, null, 2));"
# install exactly as a user would: the packaged extension into VS Code 1.100.3
node $CODE_SERVER_DIR/out/node/entry.js --config $RUN/cli.yaml --user-data-dir $RUN/udd --extensions-dir $RUN/ext --install-extension "$VSIX" > $RUN/install.log 2>&1
printf "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n" > $RUN/kubeconfig
PORT=8471
KUBECONFIG=$RUN/kubeconfig EXTENSIONS_GALLERY="{}" node $CODE_SERVER_DIR/lib/vscode/out/server-main.js --host 127.0.0.1 --port $PORT \
  --without-connection-token --accept-server-license-terms --disable-telemetry --disable-workspace-trust \
  --server-data-dir $RUN/server-data --user-data-dir $RUN/udd --extensions-dir $RUN/ext > $RUN/server.log 2>&1 & SERVER=$!
for i in $(seq 300); do curl -sf http://127.0.0.1:$PORT/version >/dev/null && break; sleep 0.1; done
set +e
node $HERE/ui-smoke.js http://127.0.0.1:$PORT $RUN/ws $SHOTS; rc=$?
kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null
echo "ui-smoke exit code $rc (run dir $RUN)"
exit $rc'
