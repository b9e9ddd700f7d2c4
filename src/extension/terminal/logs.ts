// Pod logs in an output channel per container, following (like `kubectl logs -f --tail=1000`)
// until the channel is disposed or the stream ends. A bounded copy of the text is kept for
// callers (tests) that need to read what was shown.
import { Writable } from 'node:stream';
import * as vscode from 'vscode';
import { Log, type KubeConfig } from '@kubernetes/client-node';
import { asKubeError } from '../kube/objects';

export interface LogView { name: string; text(): string; stop(): void; ended: Promise<void> }

const views = new Map<string, { channel: vscode.OutputChannel; abort?: AbortController }>();
const MAX_KEPT = 1 << 20;

export async function followLogs(kc: KubeConfig, namespace: string, pod: string, container: string, follow = true): Promise<LogView> {
  const name = `Logs: ${namespace}/${pod}/${container}`;
  const old = views.get(name);
  old?.abort?.abort();
  const channel = old?.channel ?? vscode.window.createOutputChannel(name, 'kpg-log');
  channel.clear();
  channel.show(true);
  let kept = '';
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => { endedResolve = r; });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString('utf8');
      channel.append(s);
      kept = (kept + s).slice(-MAX_KEPT);
      cb();
    },
    final(cb) { endedResolve(); cb(); },
  });
  sink.on('close', () => endedResolve());
  const entry: { channel: vscode.OutputChannel; abort?: AbortController } = { channel };
  views.set(name, entry);
  try {
    entry.abort = await new Log(kc).log(namespace, pod, container, sink, { follow, tailLines: 1000, timestamps: false });
  } catch (e) {
    const err = asKubeError(e);
    channel.appendLine(`error: ${err.message}`);
    endedResolve();
    throw err;
  }
  return { name, text: () => kept, stop: () => entry.abort?.abort(), ended };
}

export function disposeLogViews(): void {
  for (const v of views.values()) { v.abort?.abort(); v.channel.dispose(); }
  views.clear();
}
