// Splits a manifest file into its documents (yaml's parseAllDocuments; a .json file is one
// document or a v1 List), each with the line it starts on, so lenses and diagnostics can point
// at it. A document that is not a Kubernetes object (no kind) is reported, not dropped silently.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';

export interface Manifest {
  index: number;
  /** 0-based line of the document's first content line */
  line: number;
  object?: any;
  error?: string;
  doc?: Document;
  /** the document's own text (for the diff editor) */
  text: string;
}

function lineAt(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function parseManifests(text: string, json = false): Manifest[] {
  if (json) {
    try {
      const o = JSON.parse(text);
      const items = o?.kind === 'List' || (o?.kind?.endsWith?.('List') && Array.isArray(o.items)) ? o.items : [o];
      return items.map((object: any, index: number) => ({ index, line: 0, object, text: JSON.stringify(object, null, 2) }));
    } catch (e) {
      return [{ index: 0, line: 0, error: (e as Error).message, text }];
    }
  }
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.contents === null) continue; // an empty document between ---
    const start = doc.contents.range?.[0] ?? doc.range[0];
    const m: Manifest = { index: out.length, line: lineAt(text, start), doc, text: text.slice(doc.range[0], doc.range[1]) };
    if (doc.errors.length) m.error = doc.errors[0].message;
    else {
      const o = doc.toJS();
      if (!o || typeof o !== 'object' || !o.kind || !o.apiVersion) m.error = 'not a Kubernetes object: apiVersion and kind are required';
      else m.object = o;
    }
    out.push(m);
  }
  return out;
}

/** The 0-based line of a field path (e.g. from a Status cause "spec.replicas") in a document: the
 * line of the deepest key that exists, so a missing field points at its parent. */
export function lineOfField(text: string, m: Manifest, field: string | undefined): number {
  if (!field || !m.doc) return m.line;
  const path = field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let node: any = m.doc.contents;
  let line = m.line;
  for (const step of path) {
    if (isMap(node)) {
      const pair: any = node.items.find((it: any) => (isScalar(it.key) ? it.key.value : it.key) === step);
      if (!pair) break;
      if (pair.key?.range) line = lineAt(text, pair.key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step] as any;
      if (node?.range) line = lineAt(text, node.range[0]);
    } else break;
  }
  return line;
}
