// Parses a REST path into the resource it names:
//   /api/v1/[namespaces/<ns>/]<plural>[/<name>[/<subresource>]]
//   /apis/<group>/<version>/[namespaces/<ns>/]<plural>[/<name>[/<subresource>]]
// /api/v1/namespaces/<name>[/status|/finalize] is the namespaces resource itself.
import { notFound } from '../api/errors';
import type { Registry, ResourceDef } from './registryTypes';

export interface ResourcePath {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function parseResourcePath(reg: Registry, path: string): ResourcePath | undefined {
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string, version: string, rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) { group = ''; version = segs[1]; rest = segs.slice(2); }
  else if (segs[0] === 'apis' && segs.length >= 4) { group = segs[1]; version = segs[2]; rest = segs.slice(3); }
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && group !== '' && reg.lookup(group, version, rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 3) throw notFound('', '');
  const def = reg.lookup(group, version, rest[0]);
  if (!def) return undefined;
  if (namespace !== undefined && !def.namespaced) return undefined;
  return { def, namespace, name: rest[1], subresource: rest[2] };
}
