// /livez, /readyz and /healthz as kube-apiserver answers them (Kubernetes' "API health
// endpoints"): `ok`; with ?verbose one `[+]<check> ok` line per check and `<endpoint> check
// passed`; one check alone at /<endpoint>/<check>; ?exclude=<check> skips one. The checks
// are named as in Kubernetes but only those that mean something here: the store (etcd's
// place) answers a read, the bootstrap (namespaces, stored CRDs) ran before serving.
// Not here: the many post-start hooks of components the playground does not have.
import type { ServerContext } from './context';
import type { ApiResponse } from './request';

const LIVE = ['ping', 'log', 'etcd', 'poststarthook/crd-informer-synced', 'poststarthook/bootstrap-controller'];
const CHECKS: Record<string, string[]> = {
  livez: LIVE,
  healthz: LIVE,
  readyz: [...LIVE.slice(0, 3), 'etcd-readiness', 'informer-sync', ...LIVE.slice(3), 'shutdown'],
};

const text = (status: number, body: string): ApiResponse => ({ status, body, contentType: 'text/plain; charset=utf-8' });

function check(sc: ServerContext, name: string): string | undefined {
  if (name !== 'etcd' && name !== 'etcd-readiness') return undefined;
  try { sc.store.get('/registry/namespaces/default'); return undefined; } catch (e) { return (e as Error).message; }
}

/** The answer for a health path, or undefined when `path` is not one. */
export function health(sc: ServerContext, path: string, query: URLSearchParams): ApiResponse | undefined {
  const m = /^\/(livez|readyz|healthz)(?:\/(.+))?$/.exec(path);
  if (!m) return undefined;
  const [, endpoint, one] = m;
  const names = CHECKS[endpoint];
  if (one) {
    if (!names.includes(one)) return text(404, '404 page not found\n');
    const failed = check(sc, one);
    return failed ? text(500, `internal server error: ${failed}\n`) : text(200, 'ok');
  }
  const excluded = new Set(query.getAll('exclude'));
  const lines: string[] = [];
  let ok = true;
  for (const n of names) {
    if (excluded.has(n)) { lines.push(`[+]${n} excluded: ok`); continue; }
    const failed = check(sc, n);
    if (failed) ok = false;
    lines.push(failed ? `[-]${n} failed: reason withheld` : `[+]${n} ok`);
  }
  if (!ok) return text(500, `${lines.join('\n')}\n${endpoint} check failed\n`);
  return query.has('verbose') ? text(200, `${lines.join('\n')}\n${endpoint} check passed\n`) : text(200, 'ok');
}
