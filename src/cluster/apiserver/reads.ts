// GET, LIST and WATCH. Lists are consistent at one store revision, filtered by label and
// field selectors, paged with limit/continue (continue = last key + revision). Watches send
// events strictly after the given resourceVersion (synthetic ADDED for the current state
// when it is absent or 0), turn selector transitions into ADDED/DELETED, send BOOKMARKs
// when allowed, end after timeoutSeconds, and report an expired revision as a 410 ERROR.
import { ApiError, badRequest, gone, notFound } from '../api/errors';
import type { KubeObject, WatchEvent } from '../api/types';
import type { StoreEvent } from '../store/types';
import { keyFor, prefixFor, type ServerContext } from './context';
import type { ResourceDef } from './registryTypes';
import type { WatchSink } from './request';
import { fromStorage } from './writes';
import { parseFieldSelector, parseLabelSelector, type Matcher } from './selectors';
import { validateListOptions } from './listOptions';

export function getObject(sc: ServerContext, def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
  const so = sc.store.get(keyFor(def, namespace, name));
  if (!so) throw notFound(def.gr, name, def.group, def.plural);
  return fromStorage(def, so.value);
}

export interface ListQuery { labelSelector?: string | null; fieldSelector?: string | null; limit?: number; continue?: string | null; resourceVersion?: string | null; resourceVersionMatch?: string | null; sendInitialEvents?: boolean }

function matcherOf(def: ResourceDef, q: ListQuery): Matcher | undefined {
  const l = parseLabelSelector(q.labelSelector);
  const f = parseFieldSelector(q.fieldSelector, def);
  if (l && f) return (o) => l(o) && f(o);
  return l ?? f;
}

// The client's continue token names a store page (the store's own opaque token) and how many
// of its items were already returned, so a page can end mid-way through a store page.
const PAGE = 500;
interface Cursor { c?: string; s: number; rv: number }
function encodeContinue(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeContinue(tok: string): Cursor {
  try {
    const j = JSON.parse(Buffer.from(tok, 'base64url').toString('utf8'));
    if (typeof j.s !== 'number') throw new Error('bad');
    return j;
  } catch { throw badRequest('continue key is not valid: illegal base64 data'); }
}

export function listObjects(sc: ServerContext, def: ResourceDef, namespace: string | undefined, q: ListQuery): { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number } {
  const match = matcherOf(def, q);
  const rv = q.resourceVersion;
  if (rv && rv !== '0' && !/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  validateListOptions(q, false);
  // Exact reads the state at that revision; everything else is served from the latest.
  let atRevision: number | undefined;
  if (rv && q.resourceVersionMatch === 'Exact' && Number(rv) !== sc.store.revision) {
    if (Number(rv) < sc.store.compactedRevision) throw gone(`too old resource version: ${rv} (${sc.store.compactedRevision})`);
    if (Number(rv) > sc.store.revision) throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${sc.store.revision}`);
    atRevision = Number(rv);
  }
  if (q.continue && !atRevision) {
    const c = decodeContinue(q.continue);
    if (c.rv && c.rv !== sc.store.revision && c.rv >= sc.store.compactedRevision) atRevision = c.rv;
  }
  const prefix = prefixFor(def, namespace);
  const limit = q.limit && q.limit > 0 ? q.limit : undefined;
  const cursor: Cursor = q.continue ? decodeContinue(q.continue) : { s: 0, rv: 0 };
  let token = cursor.c;
  let skip = cursor.s;
  const items: KubeObject[] = [];
  let revision = sc.store.revision;
  for (let rounds = 0; rounds < 100_000; rounds++) {
    let page;
    try {
      page = sc.store.list(prefix, { ...(limit ? { limit: PAGE, continue: token } : {}), ...(atRevision ? { revision: atRevision } : {}) });
    } catch (e) {
      if ((e as { code?: string }).code === 'Expired') throw gone(`The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.`);
      throw e;
    }
    revision = page.revision;
    for (let i = skip; i < page.items.length; i++) {
      const so = page.items[i];
      const v = fromStorage(def, so.value);
      if (match && !match(v)) continue;
      items.push(v);
      if (limit && items.length >= limit) {
        const more = i < page.items.length - 1 || !!page.continue;
        if (!more) return { items, resourceVersion: String(revision) };
        const out: ReturnType<typeof listObjects> = { items, resourceVersion: String(revision), continue: encodeContinue({ c: token, s: i + 1, rv: revision }) };
        // As Kubernetes: counted when no selector filters the list (the store counts past its page).
        if (!match) out.remainingItemCount = (page.remaining ?? 0) + (page.items.length - 1 - i);
        return out;
      }
    }
    if (!limit || !page.continue) break;
    token = page.continue;
    skip = 0;
  }
  return { items, resourceVersion: String(revision) };
}

/** How often a watch that allows bookmarks gets one (tests shorten it). */
export const watchTiming = { bookmarkMs: 10_000 };

export interface WatchQuery extends ListQuery { allowWatchBookmarks?: boolean; timeoutSeconds?: number }

export function startWatch(sc: ServerContext, def: ResourceDef, namespace: string | undefined, q: WatchQuery, sink: WatchSink): () => void {
  const match = matcherOf(def, q);
  const prefix = prefixFor(def, namespace);
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  let sub: { stop(): void } | undefined;
  let lastRev = sc.store.revision;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    sub?.stop();
    timers.forEach((t) => { clearTimeout(t); clearInterval(t); });
  };
  const finish = () => { if (!stopped) { stop(); sink.end(); } };
  const send = (e: WatchEvent) => { if (!stopped) sink.event(e); };

  let from: number;
  const rv = q.resourceVersion;
  if (rv && rv !== '0' && !/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  // The current state as ADDED events: by default when no resourceVersion is given (or "0");
  // sendInitialEvents (WatchList) asks for it, or not, explicitly, and marks its end with a bookmark.
  if (q.sendInitialEvents ?? (!rv || rv === '0')) {
    const list = listObjects(sc, def, namespace, { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector });
    from = Number(list.resourceVersion);
    for (const o of list.items) send({ type: 'ADDED', object: o });
    if (q.sendInitialEvents && q.allowWatchBookmarks) {
      send({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: def.apiVersion, metadata: { resourceVersion: String(from), annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    }
  } else {
    from = rv && rv !== '0' ? Number(rv) : sc.store.revision;
  }
  lastRev = from;
  const onEvent = (raw: StoreEvent) => {
    lastRev = raw.revision;
    const e = def.fromStorage ? { ...raw, value: fromStorage(def, raw.value), prevValue: raw.prevValue && fromStorage(def, raw.prevValue) } : raw;
    if (!match) { send({ type: e.type, object: e.value }); return; }
    const now = e.type !== 'DELETED' && match(e.value);
    const before = e.type === 'ADDED' ? false : e.prevValue ? match(e.prevValue) : e.type === 'DELETED' && match(e.value);
    if (e.type === 'DELETED') { if (before) send({ type: 'DELETED', object: e.value }); return; }
    if (now && before) send({ type: 'MODIFIED', object: e.value });
    else if (now) send({ type: 'ADDED', object: e.value });
    else if (before) send({ type: 'DELETED', object: e.value });
  };
  try {
    sub = sc.store.watch(prefix, from, onEvent);
  } catch (e) {
    const err = (e as { code?: string }).code === 'Expired' ? gone(`too old resource version: ${from} (${sc.store.compactedRevision})`) : e instanceof ApiError ? e : gone(String(e));
    send({ type: 'ERROR', object: err.toStatus() as never });
    queueMicrotask(finish);
    return stop;
  }
  if (q.timeoutSeconds && q.timeoutSeconds > 0) timers.push(setTimeout(finish, q.timeoutSeconds * 1000));
  if (q.allowWatchBookmarks) {
    const bookmark = setInterval(() => {
      send({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: def.apiVersion, metadata: { resourceVersion: String(Math.max(lastRev, sc.store.revision)) } } });
    }, watchTiming.bookmarkMs).unref();
    timers.push(bookmark);
  }
  return stop;
}
