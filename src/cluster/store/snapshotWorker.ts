// The worker-thread side of a snapshot: receives row batches, builds the SQLite file with
// sql.js and writes it durably, so neither the inserts nor export() run on the main thread.
// Messages in: {rows: Row[]} ..., then {finish: {revision, compactedRevision, file, withSum}}.
// Message out: {done: bytes} or {error: message}.
import { parentPort } from 'node:worker_threads';
import { SnapshotBuilder, writeSnapshotFile, type Row } from './snapshot';

if (parentPort) {
  const port = parentPort;
  const builder = SnapshotBuilder.create();
  let chain: Promise<unknown> = builder;
  port.on('message', (m: { rows?: Row[]; finish?: { revision: number; compactedRevision: number; file: string; withSum: boolean } }) => {
    chain = chain.then(async () => {
      const b = await builder;
      if (m.rows) { b.add(m.rows); return; }
      if (m.finish) {
        const bytes = b.finish(m.finish);
        await writeSnapshotFile(m.finish.file, bytes, m.finish.withSum);
        port.postMessage({ done: bytes.length });
      }
    }).catch((e: Error) => port.postMessage({ error: e.message }));
  });
}
