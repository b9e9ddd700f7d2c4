// What the API server needs from the nodes to serve pods/log, exec, attach and portforward.
// The kubelets implement it (src/cluster/kubelet/); the API server's stream handlers
// (src/cluster/apiserver/streams/) speak the wire protocols (WebSocket channels, SPDY/3.1).
import type { Duplex, Readable, Writable } from 'node:stream';

export interface LogOptions {
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

export interface ExecOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface StreamSession {
  /** Present when opts.stdin; end() it to close the process's stdin. */
  stdin?: Writable;
  stdout?: Readable;
  /** Absent with tty (stderr is merged into stdout). */
  stderr?: Readable;
  resize(width: number, height: number): void;
  /** Resolves with the exit code when the process ends (attach: when the container stops). */
  exit: Promise<number>;
  /** Ends the session from the server side (client went away). */
  close(): void;
}

export interface PodStreams {
  /** Errors are ApiErrors (NotFound pod, BadRequest container not found or not running). */
  logs(namespace: string, pod: string, container: string, opts: LogOptions, signal: AbortSignal): Promise<Readable>;
  exec(namespace: string, pod: string, container: string, command: string[], opts: ExecOptions): Promise<StreamSession>;
  attach(namespace: string, pod: string, container: string, opts: ExecOptions): Promise<StreamSession>;
  /** A TCP connection to the pod's port, as seen from inside the pod's network namespace. */
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
}
