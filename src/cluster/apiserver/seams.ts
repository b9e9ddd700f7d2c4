// Where the API server meets components built alongside it: the patch engines, protobuf
// decoding and pod streams (imported directly), and the registry module's optional helpers
// (schema validation, OpenAPI, CRD translation), loaded if present so the API server still
// runs on the stand-in registry (testing/standInRegistry.ts).
import type { KubeObject } from '../api/types';
import * as patch from './patch';
import { decodeProtobufObject } from './protobuf';
import type { RegistryModule } from './registryTypes';
import { handlePodStreamRequest } from './streams';

export interface PatchEngines {
  applyJsonPatch(doc: any, ops: any): any;
  applyMergePatch(doc: any, patch: any): any;
  applyStrategicMergePatch(doc: any, patch: any, schema?: any): any;
  serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; schema?: any; apiVersion: string; now: string; subresource?: string }): KubeObject;
  /** Returns the managedFields the object should carry after the write. */
  updateManagedFields(old: KubeObject | undefined, obj: KubeObject, opts: { manager: string; operation: 'Update'; schema?: any; apiVersion: string; now: string; subresource?: string }): KubeObject['metadata']['managedFields'];
}

export function patchEngines(): PatchEngines {
  return patch as unknown as PatchEngines;
}

export function decodeProtobuf(): ((b: Buffer) => KubeObject) | undefined {
  return (b) => decodeProtobufObject(b);
}

export function podStreamHandler(): (ctx: any) => Promise<void> {
  return handlePodStreamRequest;
}

let registryModule: Partial<RegistryModule> | null | undefined;
export function registryModuleIfPresent(): Partial<RegistryModule> | undefined {
  if (registryModule === undefined) {
    try { registryModule = require('../registry') as Partial<RegistryModule>; } catch (e) {
      if (!/Cannot find module/.test(String(e))) throw e;
      registryModule = null;
    }
  }
  return registryModule ?? undefined;
}
