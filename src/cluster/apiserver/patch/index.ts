// The patch engines the API server applies to PATCH bodies, and server-side apply with its
// managedFields bookkeeping. Everything here is pure: JSON in, JSON out, ApiError on failure.
export { applyJsonPatch, type JsonPatchOperation } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMerge';
export { serverSideApply, type ApplyOptions } from './serverSideApply';
export { updateManagedFields, type UpdateOptions } from './managedFields';
export { FieldSet, fieldsOf, changedFields, pathString, type Path, type PathElement } from './fieldSet';
