// Runs every test layer with node's built-in runner (its summary is what CI reads).
// Node 20's `--test` takes no globs, so the files are found here. Pass folders to narrow:
//   node test/run.mjs test/unit test/api
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    // fixtures are data; vscode/suite runs inside the extension host (test/vscode/extension.test.ts starts it)
    if (statSync(p).isDirectory()) { if (name !== 'fixtures' && p !== join('test', 'vscode', 'suite')) find(p, out); }
    else if (/\.test\.(ts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((r) => (statSync(r).isDirectory() ? find(r, []) : [r]));
const build = spawnSync('npx', ['webpack', '--mode', 'production'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) { console.error('build failed'); process.exit(1); }
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
