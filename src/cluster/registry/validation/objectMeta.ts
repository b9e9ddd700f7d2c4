// ObjectMeta checks every kind gets: name (or generateName) syntax, label keys and values,
// annotation keys. Not here: namespace/URL agreement (the API server's job).
import type { KubeObject, StatusCause } from '../../api/types';
import { invalid, required } from './field';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names';

const TOTAL_ANNOTATION_BYTES = 256 * 1024;

export type NameCheck = (name: string) => string[];

export function validateObjectMeta(obj: KubeObject, _namespaced: boolean, nameIsLabel: boolean | NameCheck, _old?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const meta = obj.metadata ?? {};
  const check: NameCheck = typeof nameIsLabel === 'function' ? nameIsLabel : nameIsLabel ? dns1123Label : dns1123Subdomain;
  if (!meta.name && !meta.generateName) {
    causes.push(required('metadata.name', 'name or generateName is required'));
  } else if (meta.name) {
    for (const m of check(meta.name)) causes.push(invalid('metadata.name', meta.name, m));
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    for (const m of qualifiedName(k)) causes.push(invalid('metadata.labels', k, m));
    if (typeof v === 'string') for (const m of labelValue(v)) causes.push(invalid('metadata.labels', v, m));
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    for (const m of qualifiedName(k.toLowerCase())) causes.push(invalid('metadata.annotations', k, m));
    annotationBytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  // What big CRDs hit with client-side apply's last-applied-configuration annotation.
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    causes.push({ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: `Too long: must have at most ${TOTAL_ANNOTATION_BYTES} bytes` });
  }
  return causes;
}
