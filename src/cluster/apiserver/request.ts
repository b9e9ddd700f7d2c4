// The small request/response shapes the API server core works on. The HTTPS front end
// (http.ts) and the in-process client (../client/inProcessClient.ts) both build an
// ApiRequest and call handle(); neither has its own copy of the REST semantics.
import type { KubeObject, WatchEvent } from '../api/types';

export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. /api/v1/namespaces/default/pods. */
  path: string;
  query: URLSearchParams;
  accept?: string;
  contentType?: string;
  /** Raw body (HTTP). */
  body?: Buffer;
  /** Already-decoded body (in process); the core copies it before keeping any part. */
  object?: unknown;
  user?: string;
  /** HTTP User-Agent; names the field manager of a write that does not give one. */
  userAgent?: string;
}

export interface WatchSink {
  event(e: WatchEvent<any>): void;
  /** The watch ended (timeout, expiry, server shutdown). */
  end(): void;
}

export interface ApiResponse {
  status: number;
  /** A JSON value (object), a string (text/plain) or raw bytes. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Warning headers (fieldValidation=Warn and deprecations). */
  warnings?: string[];
  /** For watch requests: starts streaming into sink; returns stop(). */
  watch?: (sink: WatchSink) => () => void;
  /** pods/log|exec|attach|portforward: the HTTP front end hands these to the streams component. */
  podStream?: { subresource: string; namespace: string; name: string; pod: KubeObject };
}

export const json = (status: number, body: unknown, extra?: Partial<ApiResponse>): ApiResponse => ({ status, body, ...extra });

export function isObject(v: unknown): v is KubeObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
