// GET /api/v1/componentstatuses[/<name>] (`kubectl get cs`): the deprecated v1 API that
// reports the control plane's health. The playground's scheduler, controller manager and store
// run in the API server's process, so when it answers they are up. Carries the deprecation
// warning Kubernetes sends. Not implemented: watch.
import { methodNotAllowed, notFound } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ResourceDef } from './registryTypes';
import type { ApiRequest, ApiResponse } from './request';
import { tableVersion, toTable, wantsTable } from './table';

const WARNING = 'v1 ComponentStatus is deprecated in v1.19+';
const NAMES = ['controller-manager', 'scheduler', 'etcd-0'];

const status = (name: string): KubeObject => ({
  kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name, creationTimestamp: null as unknown as string },
  conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
} as unknown as KubeObject);

export function componentStatuses(req: ApiRequest, def: ResourceDef, name: string | undefined): ApiResponse {
  if (req.method !== 'GET') throw methodNotAllowed();
  if (req.query.get('watch') === 'true') throw methodNotAllowed();
  const items = name === undefined ? NAMES.map(status) : NAMES.includes(name) ? [status(name)] : [];
  if (name !== undefined && !items.length) throw notFound('componentstatuses', name);
  const warnings = [WARNING];
  if (wantsTable(req.accept)) {
    const inc = req.query.get('includeObject');
    return { status: 200, warnings, body: toTable(def, items, {}, inc === 'Object' || inc === 'None' ? inc : 'Metadata', tableVersion(req.accept!)) };
  }
  if (name !== undefined) return { status: 200, warnings, body: items[0] };
  return { status: 200, warnings, body: { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items } };
}
