// `stop`: SIGTERM to the running playground's pid, then wait until it has exited.
import { isAlive, readState } from '../cluster/dataDir';
import type { Command } from './command';

export const stop: Command = {
  usage: 'stop [--timeout SECONDS]',
  summary: 'stop the running playground',
  options: { timeout: { type: 'string' } },
  async run({ dataDir, values, out, err }) {
    const state = readState(dataDir);
    if (!state || !isAlive(state.pid)) {
      out(`kube-playground: not running (${dataDir})`);
      return 0;
    }
    const timeoutMs = (values.timeout === undefined ? 30 : Number(values.timeout)) * 1000;
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(state.pid)) {
      if (Date.now() > deadline) {
        err(`kube-playground: pid ${state.pid} did not exit within ${timeoutMs / 1000}s`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    out(`kube-playground: stopped (pid ${state.pid})`);
    return 0;
  },
};
