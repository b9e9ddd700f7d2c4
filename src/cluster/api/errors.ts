// Errors in Kubernetes' own form. Every failure that can reach a client is an ApiError,
// which renders as a meta/v1 Status with the code and reason kubectl prints.
import type { Status, StatusCause, StatusDetails } from './types';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict'
  | 'Gone' | 'Invalid' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge' | 'InternalError' | 'Timeout' | 'TooManyRequests' | 'Expired'
  | 'ServiceUnavailable';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: this.message, reason: this.reason, code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

export function isApiError(e: unknown, reason?: StatusReason): e is ApiError {
  return e instanceof ApiError && (reason === undefined || e.reason === reason);
}

/** `qualified` is the resource as Kubernetes prints it: `pods`, `deployments.apps`. */
export const notFound = (qualified: string, name: string, group = '', kind = plural(qualified)) =>
  new ApiError(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind });

export const alreadyExists = (qualified: string, name: string, group = '', kind = plural(qualified)) =>
  new ApiError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, { name, group, kind });

export const conflict = (qualified: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again', group = '', kind = plural(qualified)) =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`, { name, group, kind });

/** 422: `Kind.group "name" is invalid: field: message, field2: message2`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : `${c.message}`)).join(', ');
  const msg = causes.length === 1
    ? `${qualifiedKind} "${name}" is invalid: ${summary}`
    : `${qualifiedKind} "${name}" is invalid: [${summary}]`;
  return new ApiError(422, 'Invalid', msg, { name, group, kind, causes });
}

export const badRequest = (message: string, causes?: StatusCause[]) =>
  new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);

export const gone = (message: string) => new ApiError(410, 'Expired', message);

export const methodNotAllowed = (message = 'the server does not allow this method on the requested resource') =>
  new ApiError(405, 'MethodNotAllowed', message);

export const forbidden = (message: string, details?: StatusDetails) => new ApiError(403, 'Forbidden', message, details);

export const internalError = (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);

function plural(qualified: string): string {
  return qualified.split('.')[0];
}
