// `snapshot save FILE` (works while the playground runs: reads the store's files) and
// `snapshot restore FILE` (only while it is stopped: replaces the store).
import * as path from 'node:path';
import { layout, runningState } from '../cluster/dataDir';
import { restoreSnapshot, saveSnapshotFromDir } from '../cluster/store';
import { UsageError, type Command } from './command';

export const snapshot: Command = {
  usage: 'snapshot save FILE | snapshot restore FILE',
  summary: 'back up the store to a SQLite file, or restore it from one',
  async run({ dataDir, positionals, out }) {
    const [verb, file, ...rest] = positionals;
    if (!file || rest.length || (verb !== 'save' && verb !== 'restore')) throw new UsageError(`usage: kube-playground ${this.usage}`);
    if (verb === 'save') {
      const r = await saveSnapshotFromDir(layout(dataDir).store, file);
      out(`saved snapshot at revision ${r.revision} (${r.bytes} bytes) to ${path.resolve(file)}`);
      return 0;
    }
    const running = runningState(dataDir);
    if (running) throw new UsageError(`the playground is running (pid ${running.pid}); stop it first (kube-playground stop), then restore`);
    const r = await restoreSnapshot(file, dataDir);
    out(`restored ${r.objects} objects at revision ${r.revision} from ${path.resolve(file)} into ${layout(dataDir).store}`);
    out(`the previous store is kept in ${path.join(layout(dataDir).root, 'store.before-restore')}`);
    return 0;
  },
};
