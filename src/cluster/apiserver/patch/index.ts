// The patch engines the API server applies to PATCH bodies, and server-side apply with its
// managedFields bookkeeping. Everything here is pure: JSON in, JSON out, ApiError on failure.
import type { KindSchema } from '../../registry/schema';
import { fieldsOf } from './fieldSet';

export { applyJsonPatch, type JsonPatchOperation } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMerge';
export { serverSideApply, type ApplyOptions } from './serverSideApply';
export { updateManagedFields, type UpdateOptions } from './managedFields';
export { FieldSet, fieldsOf, changedFields, pathString, type Path, type PathElement } from './fieldSet';

/** The FieldsV1 JSON of every field an object sets (what applying it would own). */
export function fieldsV1Of(obj: unknown, schema?: KindSchema): Record<string, unknown> {
  return fieldsOf(obj, schema).toFieldsV1();
}
