// Where the API server meets components built alongside it: the registry, the patch engines,
// protobuf decoding and pod streams. Each is loaded if present, with a small local stand-in
// otherwise (testing/standIn*.ts), so the API server works while those land.
/* eslint-disable @typescript-eslint/no-require-imports */
import type { KubeObject } from '../api/types';
import type { KindSchema } from '../registry/schema';
import type { RegistryModule } from './registryTypes';
import * as standInPatch from './testing/standInPatch';

export interface PatchEngines {
  applyJsonPatch(doc: any, ops: any): any;
  applyMergePatch(doc: any, patch: any): any;
  applyStrategicMergePatch(doc: any, patch: any, schema?: KindSchema): any;
  serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; schema?: KindSchema; apiVersion: string; now: string; subresource?: string }): KubeObject;
  updateManagedFields(old: KubeObject | undefined, obj: KubeObject, opts: { manager: string; operation: 'Update'; schema?: KindSchema; apiVersion: string; now: string; subresource?: string }): KubeObject;
}

function tryRequire<T>(load: () => T): T | undefined {
  try { return load(); } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(String(e))) return undefined;
    throw e;
  }
}

let patch: PatchEngines | undefined;
export function patchEngines(): PatchEngines {
  if (!patch) {
    const real = tryRequire(() => require('./patch') as Partial<PatchEngines>);
    patch = { ...standInPatch, ...(real ?? {}) } as PatchEngines;
  }
  return patch;
}

let proto: ((b: Buffer) => KubeObject) | null | undefined;
export function decodeProtobuf(): ((b: Buffer) => KubeObject) | undefined {
  if (proto === undefined) proto = tryRequire(() => require('./protobuf') as { decodeProtobufObject?: (b: Buffer) => KubeObject })?.decodeProtobufObject ?? null;
  return proto ?? undefined;
}

export type StreamHandler = (ctx: any) => unknown;
let streams: StreamHandler | null | undefined;
export function podStreamHandler(): StreamHandler | undefined {
  if (streams === undefined) streams = tryRequire(() => require('./streams') as { handlePodStreamRequest?: StreamHandler })?.handlePodStreamRequest ?? null;
  return streams ?? undefined;
}

let registryModule: Partial<RegistryModule> | null | undefined;
export function registryModuleIfPresent(): Partial<RegistryModule> | undefined {
  if (registryModule === undefined) registryModule = tryRequire(() => require('../registry') as Partial<RegistryModule>) ?? null;
  return registryModule ?? undefined;
}
