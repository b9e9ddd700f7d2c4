# Sourced by the harness scripts: every cache and home of the real VS Code lives under .harness/
# (gitignored), so the harness never writes into the developer's own VS Code profile.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
export H=${HARNESS_DIR:-$ROOT/.harness}
export CS_VERSION=4.100.3                       # = VS Code 1.100.3, runs on the system Node 20
export CS_PREFIX=$H/cs
export CODE_SERVER_DIR=${CODE_SERVER_DIR:-$CS_PREFIX/node_modules/code-server}
export npm_config_cache=${npm_config_cache:-$H/npm-cache}
export npm_config_nodedir=/usr                  # node-gyp builds against /usr/include/node, no header download
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
