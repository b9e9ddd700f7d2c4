// Drives the workbench like a user (playwright-core + Debian's chromium): the activity bar view,
// switching context, a code lens click that applies, the tree down to running pods, the status
// bar, describe, and the Diff lens. Screenshots and results.json go to SHOT_DIR. Exit 0 = every step passed.
// usage: node ui-smoke.js <baseUrl> <workspaceFolder> <shotDir>
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [baseUrl, folder, shots] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const steps = [];
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function step(name, fn) {
  const s = Date.now();
  try { await fn(); steps.push({ name, ok: true, ms: Date.now() - s }); log('ok  ', name); }
  catch (e) { steps.push({ name, ok: false, ms: Date.now() - s, error: String(e && e.message || e) }); log('FAIL', name, e && e.message); throw e; }
}

async function palette(page, title, pick) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  if (pick) {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor({ timeout: 15000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().click();
  }
}

const row = (page, text) => page.locator('[id="workbench.view.extension.kubePlayground"] .monaco-list-row[role="treeitem"]', { hasText: text }).first();

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 850 } })).newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  let rc = 0;
  try {
    await step('workbench opens the workspace', async () => {
      await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'web.yaml' }).waitFor({ timeout: 30000 });
    });
    await step('activity bar opens the Kubernetes Playground view', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Kubernetes Playground"], .activitybar .action-label[aria-label^="Kubernetes Playground"]').first().click();
      await page.locator('[id="workbench.view.extension.kubePlayground"]').waitFor({ timeout: 20000 });
    });
    await step('status bar shows the playground state', async () => {
      await page.locator('.statusbar-item', { hasText: 'Playground:' }).first().waitFor({ timeout: 30000 });
    });
    await step('the embedded playground runs: tree and status bar show its 3 nodes', async () => {
      await row(page, 'Workloads').waitFor({ timeout: 90000 });
      await page.locator('.statusbar-item', { hasText: '3 nodes' }).first().waitFor({ timeout: 90000 });
    });
    await step('code lens "Apply" applies the Deployment, state lens turns "in sync"', async () => {
      await page.keyboard.press('Control+P');
      const qi = page.locator('.quick-input-widget input[type="text"]');
      await qi.waitFor({ state: 'visible' });
      await qi.fill('web.yaml');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'web.yaml' }).first().waitFor();
      await page.keyboard.press('Enter');
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Apply Deployment web' });
      await lens.waitFor({ timeout: 30000 });
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'not in cluster' }).first().waitFor({ timeout: 20000 });
      await lens.click();
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'in sync' }).first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(shots, '01-codelens.png') });
    });
    await step('tree shows Deployment → ReplicaSet → running Pods', async () => {
      for (const l of ['Workloads', 'Deployments']) { await row(page, l).click(); await page.waitForTimeout(200); }
      await row(page, /^web/).waitFor({ timeout: 20000 });
      // rows of objects run Describe on click; the twistie expands them
      await page.locator('[id="workbench.view.extension.kubePlayground"] .monaco-list-row[role="treeitem"]', { hasText: '2/2 ready' }).first().locator('.monaco-tl-twistie').click();
      // the ReplicaSet row: web-<pod-template-hash>, not one of its pods (web-<hash>-<suffix>)
      await row(page, /web-[0-9a-f]{8,10}(?![0-9a-z]*-)/).locator('.monaco-tl-twistie').click();
      await page.locator('[id="workbench.view.extension.kubePlayground"] .monaco-list-row[role="treeitem"]', { hasText: 'Running 1/1' }).nth(1).waitFor({ timeout: 20000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(shots, '02-tree.png') });
    });
    await step('clicking a pod opens its describe document', async () => {
      await page.locator('[id="workbench.view.extension.kubePlayground"] .monaco-list-row[role="treeitem"]', { hasText: 'Running 1/1' }).first().click();
      await page.locator('.monaco-editor .view-line', { hasText: 'Restart Count' }).first().waitFor({ timeout: 20000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(shots, '03-describe.png') });
    });
    await step('status bar item (state and node count)', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'Playground:' }).first();
      const text = await item.innerText();
      if (!/node/.test(text)) throw new Error(`status bar says ${text}`);
      await page.locator('.part.statusbar').screenshot({ path: path.join(shots, '04-statusbar.png') });
      await item.click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Snapshot' }).first().waitFor({ timeout: 10000 }).catch(() => undefined);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Cluster Map' }).first().waitFor({ timeout: 10000 });
      await page.screenshot({ path: path.join(shots, '05-status-menu.png') });
      await page.keyboard.press('Escape');
    });
    await step('the "Diff" lens opens the live Deployment against it after applying (no change: in sync)', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'web.yaml' }).first().click();
      await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Diff$/ }).first().click();
      await page.locator('.tabs-container .tab', { hasText: 'Deployment/web: cluster ↔ after applying web.yaml' }).first().waitFor({ timeout: 20000 });
      await page.locator('.monaco-diff-editor .view-line', { hasText: 'creationTimestamp' }).first().waitFor({ timeout: 20000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(shots, '06-diff.png') });
    });
  } catch {
    rc = 1;
    await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => undefined);
  }
  fs.writeFileSync(path.join(shots, 'results.json'), JSON.stringify({ steps, consoleErrors }, null, 2));
  await browser.close();
  log(`done, exit ${rc}`);
  process.exit(rc);
})().catch((e) => { console.error(e); process.exit(2); });
