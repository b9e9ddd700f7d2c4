// `status`: whether a playground runs on the data dir, and where its parts are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layout, runningState } from '../cluster/dataDir';
import type { Command } from './command';

export const status: Command = {
  usage: 'status',
  summary: 'show whether the playground runs, and its data dir',
  async run({ dataDir, out }) {
    const l = layout(dataDir);
    const s = runningState(dataDir);
    if (s) {
      out(`running: pid ${s.pid} since ${s.startedAt}`);
      out(`server: ${s.server || '(API server not started)'}`);
      if (s.runtime) out(`runtime: ${s.runtime}`);
    } else {
      out('stopped');
    }
    out(`data dir: ${l.root}`);
    out(`kubeconfig: ${l.kubeconfig}${fs.existsSync(l.kubeconfig) ? '' : ' (not written yet)'}`);
    out(`store: ${storeSummary(l.store)}`);
    return s ? 0 : 3;
  },
};

function storeSummary(dir: string): string {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return 'empty'; }
  let bytes = 0;
  for (const n of names) bytes += fs.statSync(path.join(dir, n)).size;
  const snaps = names.filter((n) => n.endsWith('.db')).length;
  const journals = names.filter((n) => n.endsWith('.log')).length;
  const aside = names.filter((n) => n.includes('.corrupt-'));
  return `${snaps} snapshot(s), ${journals} journal(s), ${(bytes / 1024).toFixed(0)} KiB` + (aside.length ? `; damaged files kept aside: ${aside.join(', ')}` : '');
}
