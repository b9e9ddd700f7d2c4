#!/bin/bash
# Installs the real VS Code the tests run in: code-server 4.100.3 (VS Code 1.100.3) from the npm
# registry into .harness/cs, once, the way @vscode/test-electron downloads VS Code on first use.
# Offline-friendly: only the npm registry is contacted. Needs these Debian 12 packages (CI installs
# them): build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev
# ripgrep chromium fonts-dejavu-core.  Exit 0 = ready; prints the VS Code version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ -f "$CS_PREFIX/.installed-$CS_VERSION" ]; then exit 0; fi
for bin in rg "$CHROMIUM_PATH" make g++ python3; do
  command -v "$bin" >/dev/null || { echo "harness setup: missing $bin (apt-get install ripgrep chromium build-essential python3)" >&2; exit 3; }
done
mkdir -p "$CS_PREFIX" "$H/tmp"
export TMPDIR=$H/tmp
cd "$CS_PREFIX"
# npm 11 runs a dependency's install scripts only when allowed. code-server's postinstall installs
# VS Code's own node_modules with nested npm calls and builds native modules (node-pty, spdlog,
# kerberos, native-keymap...), so the permission has to reach those nested calls too: the env
# variable form is inherited by them, a package.json allowScripts field would not be.
export npm_config_dangerously_allow_all_scripts=true
# node-pty's postinstall runs `npx node-gyp ...`: npx must not stop to ask (a user npmrc may say yes=false).
export npm_config_yes=true
echo '{"name":"kube-playground-vscode-harness","private":true}' > package.json
# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the archive:
# seed the cache with Debian's rg 13.0.0 (the same version it asks for).
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
npm install --no-save --unsafe-perm --foreground-scripts "code-server@$CS_VERSION" > "$H/setup.log" 2>&1 || {
  echo "harness setup: npm install code-server failed, see $H/setup.log" >&2; tail -30 "$H/setup.log" >&2; exit 1; }
test -x "$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" || { echo "harness setup: ripgrep missing in code-server" >&2; exit 1; }
node "$CODE_SERVER_DIR/out/node/entry.js" --config "$CS_PREFIX/cli-config.yaml" --version
touch "$CS_PREFIX/.installed-$CS_VERSION"
