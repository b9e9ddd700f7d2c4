// The patch engines the API server applies to PATCH bodies, and server-side apply with its
// managedFields bookkeeping. Everything here is pure: JSON in, JSON out, ApiError on failure.
export { applyJsonPatch, type JsonPatchOperation } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMerge';
