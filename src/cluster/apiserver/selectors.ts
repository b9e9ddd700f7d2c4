// Label selectors (equality and set-based: =, ==, !=, in, notin, exists, !key) and field
// selectors (=, ==, != on metadata.name, metadata.namespace and the kind's own fields).
// Parse errors are 400 BadRequest in Kubernetes' words.
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ResourceDef } from './registryTypes';

type Req = { key: string; op: 'in' | 'notin' | 'exists' | '!' | '=' | '!='; values: string[] };
export type Matcher = (o: KubeObject) => boolean;

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

export function parseLabelSelector(sel: string | null | undefined): Matcher | undefined {
  if (!sel || !sel.trim()) return undefined;
  const reqs: Req[] = [];
  for (const part of splitTop(sel)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([^\s!=()]+)\s+(in|notin)\s+\((.*)\)$/))) {
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v, i, a) => v || a.length > 1) });
    } else if ((m = part.match(/^!\s*([^\s!=()]+)$/))) {
      reqs.push({ key: m[1], op: '!', values: [] });
    } else if ((m = part.match(/^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
      reqs.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] });
    } else if ((m = part.match(/^([^\s!=()]+)$/))) {
      reqs.push({ key: m[1], op: 'exists', values: [] });
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: identifier`);
    }
  }
  return (o) => {
    const labels = o.metadata.labels ?? {};
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case 'exists': if (!has) return false; break;
        case '!': if (has) return false; break;
        case '=': if (!has || v !== r.values[0]) return false; break;
        case '!=': if (has && v === r.values[0]) return false; break;
        case 'in': if (!has || !r.values.includes(v)) return false; break;
        case 'notin': if (has && r.values.includes(v)) return false; break;
      }
    }
    return true;
  };
}

export function getPath(o: any, path: string): unknown {
  let cur = o;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (cur == null) return undefined;
    cur = cur[p];
  }
  return cur;
}

function fieldGetter(def: ResourceDef, field: string): ((o: KubeObject) => unknown) | undefined {
  if (field === 'metadata.name' || field === 'metadata.namespace') return (o) => getPath(o, field) ?? '';
  const fs = def.fieldSelectors;
  if (Array.isArray(fs)) return fs.includes(field) ? (o) => getPath(o, field) : undefined;
  if (fs && field in fs) {
    const g = fs[field];
    return typeof g === 'function' ? g : (o) => getPath(o, g);
  }
  return undefined;
}

export function parseFieldSelector(sel: string | null | undefined, def: ResourceDef): Matcher | undefined {
  if (!sel || !sel.trim()) return undefined;
  const tests: Matcher[] = [];
  for (const part of splitTop(sel)) {
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${sel}'; can't understand '${part}'`);
    const [, field, op, value] = m;
    const get = fieldGetter(def, field);
    if (!get) throw badRequest(`field label not supported: ${field}`);
    const str = (o: KubeObject) => { const v = get(o); return v === undefined || v === null ? '' : String(v); };
    tests.push(op === '!=' ? (o) => str(o) !== value : (o) => str(o) === value);
  }
  return (o) => tests.every((t) => t(o));
}

/** The one metadata.name=X requirement a field selector may carry (kubectl wait/rollout). */
export function nameFromFieldSelector(sel: string | null | undefined): string | undefined {
  if (!sel) return undefined;
  for (const part of splitTop(sel)) {
    const m = part.match(/^metadata\.name\s*==?\s*(.*)$/);
    if (m) return m[1];
  }
  return undefined;
}
