// PATCH: json-patch, merge-patch, strategic-merge-patch and server-side apply (apply-patch+yaml,
// which creates a missing object → 201). The patched object goes through the same update
// pipeline as PUT (writes.ts); a resourceVersion inside the patch is a precondition.
import { ApiError, badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';
import type { ResourceDef } from './registryTypes';
import { patchEngines } from './seams';
import { checkTypeMeta, createObject, nowIso, updateObject, type WriteOpts } from './writes';
import { cloneJson } from './patch/json';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

export async function patchObject(
  sc: ServerContext, def: ResourceDef, namespace: string | undefined, name: string,
  type: PatchKind, patch: unknown, opts: WriteOpts & { force?: boolean },
): Promise<{ obj: KubeObject; created?: boolean }> {
  const eng = patchEngines();
  if (type === 'apply') {
    if (!opts.fieldManager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('error decoding YAML: the apply patch must be an object');
    checkTypeMeta(def, patch);
    const applied = patch as KubeObject;
    if (applied.metadata.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    const ssa = (live: KubeObject | undefined) => eng.serverSideApply(live, cloneJson(applied), {
      manager: opts.fieldManager!, force: !!opts.force, schema: def.schema, apiVersion: def.apiVersion, now: nowIso(),
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    return updateObject(sc, def, {
      namespace, name, opts: { ...opts, managedFieldsDone: true },
      mutate: (cur) => ssa(cur),
      createIfMissing: opts.subresource ? undefined : () => {
        const obj = ssa(undefined);
        obj.metadata.name = name;
        if (def.namespaced) obj.metadata.namespace ??= namespace;
        return createObject(sc, def, namespace, obj, { ...opts, managedFieldsDone: true });
      },
    });
  }
  if (type === 'json' && !Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
  if (type !== 'json' && (!patch || typeof patch !== 'object' || Array.isArray(patch))) throw badRequest('error decoding patch: the patch must be a JSON object');
  return updateObject(sc, def, {
    namespace, name, opts,
    mutate: (cur) => {
      const rv = cur.metadata.resourceVersion;
      let out: KubeObject;
      try {
        out = type === 'json' ? eng.applyJsonPatch(cur, patch)
          : type === 'merge' ? eng.applyMergePatch(cur, patch)
            : eng.applyStrategicMergePatch(cur, patch, def.schema);
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${(e as Error).message}`);
      }
      // Only a resourceVersion the patch itself sets is a precondition.
      if (out.metadata?.resourceVersion === rv) delete out.metadata.resourceVersion;
      return out;
    },
  });
}
