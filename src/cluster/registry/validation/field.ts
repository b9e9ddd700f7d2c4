// Field errors worded as apimachinery's field.Error renders them (the part after the path):
// "Required value", "Invalid value: \"x\": detail", "Unsupported value: ...", "Forbidden: ...".
import type { StatusCause } from '../../api/types';

/** Go's %#v-ish rendering Kubernetes uses for the bad value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, x]) => typeof x === 'string')) {
      return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
    }
    return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goValue(x)}`).join(', ')}}`;
  }
  return String(v);
}

export const required = (field: string, detail?: string): StatusCause =>
  ({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' });

export const invalid = (field: string, value: unknown, detail: string): StatusCause =>
  ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${goValue(value)}: ${detail}` });

export const forbidden = (field: string, detail: string): StatusCause =>
  ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });

export const duplicate = (field: string, value: unknown): StatusCause =>
  ({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${goValue(value)}` });

export const notSupported = (field: string, value: unknown, supported: string[]): StatusCause =>
  ({ reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` });

export const tooLong = (field: string, max: number): StatusCause =>
  ({ reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` });

export const IMMUTABLE = 'field is immutable';

/** Immutable on update: Kubernetes reports the new value. */
export function immutable(field: string, value: unknown, oldValue: unknown): StatusCause[] {
  return deepEqual(value, oldValue) ? [] : [invalid(field, value, IMMUTABLE)];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}
