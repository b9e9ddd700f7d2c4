// `kubeconfig`: prints the kubeconfig's path (or, with --print, its content).
import * as fs from 'node:fs';
import { layout } from '../cluster/dataDir';
import { UsageError, type Command } from './command';

export const kubeconfig: Command = {
  usage: 'kubeconfig [--print]',
  summary: 'print the kubeconfig path (--print: its content)',
  options: { print: { type: 'boolean' } },
  async run({ dataDir, values, out }) {
    const file = layout(dataDir).kubeconfig;
    if (!values.print) { out(file); return 0; }
    if (!fs.existsSync(file)) throw new UsageError(`no kubeconfig yet at ${file}: start the playground first (kube-playground start)`);
    process.stdout.write(fs.readFileSync(file, 'utf8'));
    return 0;
  },
};
