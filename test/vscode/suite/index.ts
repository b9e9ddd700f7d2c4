// Entry point the VS Code extension host loads (extensionTestsPath): runs the mocha suite and
// writes a results file (KPG_TEST_RESULTS) the node:test wrapper asserts on. Rejecting makes the
// workbench report exit code 1.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { info } from './shared';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  // the suite is bundled into this file; mocha only needs the describe/it globals set up first
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  require('./extension.test');
  require('./editor.test');
  require('./portForward.test');
  require('./nodes.test');
  require('./contexts.test');
  require('./attach.test'); // last: it stops and restarts the playground
  const results: { passes: string[]; failures: { title: string; error: string }[]; info: Record<string, unknown> } = { passes: [], failures: [], info };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (process.env.KPG_TEST_RESULTS) fs.writeFileSync(process.env.KPG_TEST_RESULTS, JSON.stringify(results, null, 2));
      console.log(`[kpg] mocha: ${results.passes.length} passing, ${failures} failing`);
      if (failures > 0) reject(new Error(`${failures} tests failed`)); else resolve();
    });
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
}
