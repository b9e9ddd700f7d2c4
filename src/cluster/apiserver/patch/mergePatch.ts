// RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge recursively,
// null deletes, anything else (arrays included) replaces. Used by kubectl label, annotate,
// scale, `patch --type=merge`, and as strategic merge patch for kinds without a schema.
import { cloneJson, isObject } from './json';

/** Returns the patched copy; neither argument is mutated. */
export function applyMergePatch<T>(doc: T, patch: unknown): T {
  return merge(cloneJson(doc), patch) as T;
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isObject(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}
