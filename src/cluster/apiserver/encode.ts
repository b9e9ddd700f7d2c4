// JSON encoding of responses with a per-object cache: stored objects are immutable (the
// store's contract), so each is serialized once and reused by every GET, LIST and watch
// event that carries it. Lists are assembled from the cached item strings.
const cache = new WeakMap<object, string>();

function isStoredObject(o: any): boolean {
  return !!o && typeof o === 'object' && typeof o.metadata?.resourceVersion === 'string' && typeof o.kind === 'string';
}

export function objectJson(o: object): string {
  let s = cache.get(o);
  if (s === undefined) { s = JSON.stringify(o); cache.set(o, s); }
  return s;
}

const bufCache = new WeakMap<object, Buffer>();
function objectBuffer(o: object): Buffer {
  let b = bufCache.get(o);
  if (b === undefined) { b = Buffer.from(objectJson(o)); bufCache.set(o, b); }
  return b;
}
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** encodeJson as bytes; list items are copied from per-object cached buffers. */
export function encodeJsonBuffer(body: unknown): Buffer {
  const b = body as any;
  if (b && typeof b === 'object' && Array.isArray(b.items) && typeof b.kind === 'string' && b.kind.endsWith('List')) {
    const head = JSON.stringify({ kind: b.kind, apiVersion: b.apiVersion, metadata: b.metadata });
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"items":[`)];
    b.items.forEach((i: object, n: number) => {
      if (n) parts.push(COMMA);
      parts.push(isStoredObject(i) ? objectBuffer(i) : Buffer.from(JSON.stringify(i)));
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }
  return isStoredObject(b) ? objectBuffer(b) : Buffer.from(JSON.stringify(b));
}

export function encodeJson(body: unknown): string {
  const b = body as any;
  if (b && typeof b === 'object' && Array.isArray(b.items) && typeof b.kind === 'string' && b.kind.endsWith('List')) {
    const head = JSON.stringify({ kind: b.kind, apiVersion: b.apiVersion, metadata: b.metadata });
    const items = b.items.map((i: object) => (isStoredObject(i) ? objectJson(i) : JSON.stringify(i)));
    return `${head.slice(0, -1)},"items":[${items.join(',')}]}`;
  }
  return isStoredObject(b) ? objectJson(b) : JSON.stringify(b);
}

/** A watch event line; the event's object is serialized once for all watchers. */
export function encodeEvent(e: { type: string; object: unknown }): string {
  const o = e.object as object;
  return isStoredObject(o) ? `{"type":${JSON.stringify(e.type)},"object":${objectJson(o)}}\n` : JSON.stringify(e) + '\n';
}
