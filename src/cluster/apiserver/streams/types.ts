// The one request shape the API server hands to the pod stream handlers (see index.ts).
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../api/types';
import type { PodStreams } from '../../api/podStreams';

export type PodStreamSubresource = 'log' | 'exec' | 'attach' | 'portforward';

export interface PodStreamContext {
  req: http.IncomingMessage;
  /** Set for plain requests (log; exec/attach/portforward without an upgrade → 400). */
  res?: http.ServerResponse;
  /** Set for HTTP upgrade requests (the server's 'upgrade' event). */
  socket?: Duplex;
  head?: Buffer;
  subresource: PodStreamSubresource;
  namespace: string;
  name: string;
  query: URLSearchParams;
  pod: KubeObject;
  streams: PodStreams;
}
