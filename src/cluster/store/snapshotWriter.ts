// Writes a snapshot file from a captured state. The SQLite work (inserts, export) runs on a
// worker thread when its script is available: `storeWorker.js` beside the bundle, or the
// TypeScript source when running under tsx. Otherwise it runs here, in slices. Either way
// this thread only serializes the values, a few ms at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSnapshot, snapshotRows, writeSnapshotFile, type SnapshotContent } from './snapshot';

function startWorker(): Worker | undefined {
  const bundled = path.join(__dirname, 'storeWorker.js');
  if (fs.existsSync(bundled)) return new Worker(bundled);
  if (__filename.endsWith('.ts')) {
    const source = path.join(__dirname, 'snapshotWorker.ts');
    const nodeRequire: NodeRequire = eval('require');
    const tsx = nodeRequire.resolve('tsx/cjs');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { eval: true });
  }
  return undefined;
}

/** Returns the file's size in bytes. withSum writes the `.sum` block checksums beside it. */
export async function writeSnapshot(c: SnapshotContent, file: string, withSum: boolean): Promise<number> {
  let worker: Worker | undefined;
  try {
    worker = process.env.KUBE_PLAYGROUND_STORE_WORKER === '0' ? undefined : startWorker();
  } catch {
    worker = undefined;
  }
  if (!worker) {
    const bytes = await buildSnapshot(c);
    await writeSnapshotFile(file, bytes, withSum);
    return bytes.length;
  }
  const w = worker;
  try {
    const result = new Promise<number>((resolve, reject) => {
      w.on('message', (m: { done?: number; error?: string }) => (m.error !== undefined ? reject(new Error(m.error)) : resolve(m.done!)));
      w.on('error', reject);
      w.on('exit', (code) => reject(new Error(`snapshot worker exited (${code})`)));
    });
    result.catch(() => undefined);
    for await (const rows of snapshotRows(c)) w.postMessage({ rows });
    w.postMessage({ finish: { revision: c.revision, compactedRevision: c.compactedRevision, file, withSum } });
    return await result;
  } finally {
    await w.terminate();
  }
}
