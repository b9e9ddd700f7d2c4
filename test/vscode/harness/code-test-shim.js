#!/usr/bin/env node
// The "VS Code executable" @vscode/test-electron launches (runTests({ vscodeExecutablePath })):
// takes the desktop CLI flags, starts the VS Code server of code-server 4.100.3 (installed by
// setup.sh into .harness/) on 127.0.0.1, opens the workbench in headless Debian chromium
// (playwright-core) with the extension-development payload, and exits with the test runner's exit
// code, which the workbench reports through window.codeAutomationExit. The extension and its
// mocha suite run in code-server's real Node extension host.
// Env: CODE_SERVER_DIR, CHROMIUM_PATH (/usr/bin/chromium), CODE_TEST_SHIM_TIMEOUT_MS (600000),
//      CODE_TEST_SHIM_SCREENSHOT (png written at the end), CODE_TEST_SHIM_VERBOSE=1.
const path = require('path');
const fs = require('fs');
const os = require('os');
const net = require('net');
const util = require('util');
const http = require('http');
const { spawn, spawnSync } = require('child_process');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../../..');
const CS_DIR = process.env.CODE_SERVER_DIR || path.join(ROOT, '.harness/cs/node_modules/code-server');
const SERVER_MAIN = path.join(CS_DIR, 'lib/vscode/out/server-main.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.CODE_TEST_SHIM_TIMEOUT_MS || 600000);
const VERBOSE = !!process.env.CODE_TEST_SHIM_VERBOSE;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const argv = process.argv.slice(2);
const opts = { dev: [], tests: undefined, udd: undefined, extDir: undefined, positional: [], cli: false };
const valueFlags = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'log', 'profile']);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith('--')) { opts.positional.push(a); continue; }
  let [k, v] = a.slice(2).split(/=(.*)/s);
  if (v === undefined && valueFlags.has(k)) v = argv[++i];
  if (k === 'extensionDevelopmentPath') opts.dev.push(path.resolve(v));
  else if (k === 'extensionTestsPath') opts.tests = path.resolve(v);
  else if (k === 'user-data-dir') opts.udd = path.resolve(v);
  else if (k === 'extensions-dir') opts.extDir = path.resolve(v);
  else if (['install-extension', 'uninstall-extension', 'list-extensions', 'version', 'help'].includes(k)) opts.cli = true;
}
if (opts.cli || !opts.tests) {
  // CLI use (--install-extension x.vsix, --version): code-server's own CLI does it
  const r = spawnSync(process.execPath, [path.join(CS_DIR, 'out/node/entry.js'), '--config', path.join(os.tmpdir(), 'kpg-shim-cli.yaml'), ...argv], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const udd = opts.udd || fs.mkdtempSync(path.join(os.tmpdir(), 'kpg-udd-'));
const extDir = opts.extDir || path.join(udd, 'extensions');
fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
fs.mkdirSync(extDir, { recursive: true }); // the server creates it non-recursively and then loads no extension at all

const freePort = () => new Promise((res, rej) => { const s = net.createServer(); s.on('error', rej); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const healthy = (port) => new Promise((res) => http.get({ host: '127.0.0.1', port, path: '/version', timeout: 1000 }, (r) => { r.resume(); res(r.statusCode === 200); }).on('error', () => res(false)));

let server;
function stopServer() { if (server && server.exitCode === null) { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } } }
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopServer(); process.exit(130); });

(async () => {
  const port = await freePort();
  // VS Code's own server (not code-server's wrapper): --enable-smoke-test-driver makes the web
  // workbench honour the payload and report the exit code.
  const args = [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
    '--server-data-dir', path.join(udd, 'server-data'), '--user-data-dir', udd, '--extensions-dir', extDir];
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' }; // inherited by the extension host; no gallery calls
  delete env.ELECTRON_RUN_AS_NODE;
  server = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(path.join(udd, 'vscode-server.log'));
  server.stdout.pipe(log); server.stderr.pipe(log);
  if (VERBOSE) { server.stdout.pipe(process.stderr); server.stderr.pipe(process.stderr); }
  const t0 = Date.now();
  while (!(await healthy(port))) {
    if (server.exitCode !== null || Date.now() - t0 > 60000) throw new Error('VS Code server did not start, see ' + path.join(udd, 'vscode-server.log'));
    await new Promise((r) => setTimeout(r, 100));
  }
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [...opts.dev.map((d) => ['extensionDevelopmentPath', remote(d)]), ['extensionTestsPath', remote(opts.tests)]];
  const open = opts.positional[0] && path.resolve(opts.positional[0]);
  const target = open ? (open.endsWith('.code-workspace') ? 'workspace=' : 'folder=') + encodeURIComponent(open) + '&' : '';
  const url = `http://${authority}/?${target}payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // clipboard permissions: vscode.env.clipboard in the web workbench is the browser's clipboard
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  let finish;
  const exited = new Promise((r) => { finish = r; });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const line = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    if (!VERBOSE && /^(Resolving|Resolved) connection token|^Creating a socket|^Ignoring fetching additional builtin|^\[Service Worker\]|^Updating additional builtin|^ChatSessionStore/.test(line)) return;
    (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  if (VERBOSE) page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[browser pageerror] ${e.message}\n`));
  await page.goto(url);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT))]);
  if (process.env.CODE_TEST_SHIM_SCREENSHOT) await page.screenshot({ path: process.env.CODE_TEST_SHIM_SCREENSHOT }).catch(() => {});
  await browser.close();
  stopServer();
  if (code === 'timeout') { console.error(`code-test-shim: no result after ${TIMEOUT} ms`); process.exit(124); }
  process.exit(typeof code === 'number' ? code : 1);
})().catch((e) => { console.error('code-test-shim:', e); stopServer(); process.exit(2); });
