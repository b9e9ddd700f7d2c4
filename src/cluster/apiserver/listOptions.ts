// Kubernetes' ListOptions validation for list and watch (apimachinery's ValidateListOptions,
// with the WatchList feature on, as in 1.32): resourceVersionMatch needs a resourceVersion
// on lists and sendInitialEvents on watches; sendInitialEvents needs NotOlderThan and a watch.
// A failure is 422 Invalid on `ListOptions.meta.k8s.io ""` with every cause.
import { invalid } from '../api/errors';
import type { StatusCause } from '../api/types';

export interface ListOptionsQuery {
  resourceVersion?: string | null;
  resourceVersionMatch?: string | null;
  continue?: string | null;
  sendInitialEvents?: boolean;
}

const forbidden = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });
const notSupported = (field: string, value: string, supported: string[]): StatusCause =>
  ({ reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` });

export function validateListOptions(q: ListOptionsQuery, watch: boolean): void {
  const causes = watch ? watchCauses(q) : listCauses(q);
  if (causes.length) throw invalid('ListOptions', 'meta.k8s.io', '', causes);
}

function listCauses(q: ListOptionsQuery): StatusCause[] {
  const out: StatusCause[] = [];
  const match = q.resourceVersionMatch;
  if (match) {
    if (!q.resourceVersion) out.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (q.continue) out.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') out.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && q.resourceVersion === '0') out.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (q.sendInitialEvents !== undefined) out.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return out;
}

function watchCauses(q: ListOptionsQuery): StatusCause[] {
  const out: StatusCause[] = [];
  const match = q.resourceVersionMatch;
  if (q.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    out.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (match) {
    if (q.sendInitialEvents === undefined) out.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== 'NotOlderThan') out.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (q.continue) out.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return out;
}

/** `sendInitialEvents=true|false` → boolean; absent → undefined (Go's *bool). */
export function parseSendInitialEvents(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return v === 'true' || v === '1';
}
