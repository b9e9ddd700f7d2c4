// GET pods/P/log: PodLogOptions from the query → PodStreams.logs → text/plain, chunked.
// With follow the response stays open and every chunk is written as it arrives (kubectl
// logs -f prints line by line); the client going away aborts the kubelet side.
// limitBytes is enforced here as well so a runtime that ignores it still honours the API.
import type * as http from 'node:http';
import { Transform, pipeline } from 'node:stream';
import { badRequest } from '../../api/errors';
import type { LogOptions } from '../../api/podStreams';
import { resolveContainer } from './container';
import type { PodStreamContext } from './types';
import { sendStatus } from './upgrade';

export async function handleLogs(ctx: PodStreamContext & { res: http.ServerResponse }): Promise<void> {
  const { res, query } = ctx;
  let container: string;
  let opts: LogOptions;
  try {
    container = resolveContainer(ctx.pod, query.get('container'));
    opts = parseLogOptions(query);
  } catch (e) {
    sendStatus(ctx, e);
    return;
  }
  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.on('close', onClose);
  let logs;
  try {
    logs = await ctx.streams.logs(ctx.namespace, ctx.name, container, opts, abort.signal);
  } catch (e) {
    res.off('close', onClose);
    if (!abort.signal.aborted) sendStatus(ctx, e);
    return;
  }
  if (abort.signal.aborted) { logs.destroy(); return; }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (opts.follow) res.flushHeaders();
  const source = opts.limitBytes !== undefined ? logs.pipe(limitBytes(opts.limitBytes)) : logs;
  await new Promise<void>((resolve) => {
    pipeline(source, res, () => {
      res.off('close', onClose);
      logs.destroy();
      resolve();
    });
  });
}

export function parseLogOptions(q: URLSearchParams): LogOptions {
  const opts: LogOptions = {};
  if (bool(q, 'follow')) opts.follow = true;
  if (bool(q, 'previous')) opts.previous = true;
  if (bool(q, 'timestamps')) opts.timestamps = true;
  const tail = int(q, 'tailLines', 0);
  if (tail !== undefined) opts.tailLines = tail;
  const since = int(q, 'sinceSeconds', 1);
  if (since !== undefined) opts.sinceSeconds = since;
  const limit = int(q, 'limitBytes', 1);
  if (limit !== undefined) opts.limitBytes = limit;
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw badRequest(`parsing time "${sinceTime}" as RFC3339 failed`);
    if (opts.sinceSeconds !== undefined) throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    opts.sinceTime = sinceTime;
  }
  return opts;
}

/** Kubernetes' query booleans: present without value, "true" or "1". */
export function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && (v === '' || v === 'true' || v === '1');
}

function int(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`strconv.ParseInt: parsing "${v}": invalid syntax`);
  if (n < min) throw badRequest(`${name}: Invalid value: ${n}: must be greater than or equal to ${min}`);
  return n;
}

function limitBytes(max: number): Transform {
  let left = max;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (left <= 0) { cb(); return; }
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      this.push(part);
      if (left <= 0) this.push(null); // the response ends here, as the kubelet's does
      cb();
    },
  });
}
