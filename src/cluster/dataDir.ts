// The layout of a playground's data dir, and its state file. Everything durable lives here:
//   store/            the store (snapshots + journal, see store/)
//   pki/              CA and serving/client certificates (written by the API server part)
//   kubeconfig        for kubectl: `export KUBECONFIG=<dataDir>/kubeconfig`
//   playground.json   state of the running playground: pid, port, server (absent when stopped)
//   volumes/          hostPath/emptyDir data of pods
// Default ~/.kube-playground; KUBE_PLAYGROUND_HOME overrides.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DataDirLayout {
  root: string;
  store: string;
  pki: string;
  kubeconfig: string;
  state: string;
  volumes: string;
}

export interface PlaygroundState {
  pid: number;
  /** API server port on 127.0.0.1 (0 until the API server has one). */
  port: number;
  /** API server URL, '' until the API server listens. */
  server: string;
  kubeconfig: string;
  runtime?: string;
  startedAt: string;
}

export function defaultDataDir(): string {
  return path.resolve(process.env.KUBE_PLAYGROUND_HOME || path.join(os.homedir(), '.kube-playground'));
}

export function layout(dataDir: string = defaultDataDir()): DataDirLayout {
  const root = path.resolve(dataDir);
  return {
    root,
    store: path.join(root, 'store'),
    pki: path.join(root, 'pki'),
    kubeconfig: path.join(root, 'kubeconfig'),
    state: path.join(root, 'playground.json'),
    volumes: path.join(root, 'volumes'),
  };
}

export function ensureLayout(dataDir: string): DataDirLayout {
  const l = layout(dataDir);
  for (const d of [l.root, l.store, l.pki, l.volumes]) fs.mkdirSync(d, { recursive: true });
  return l;
}

export function readState(dataDir: string): PlaygroundState | undefined {
  try {
    return JSON.parse(fs.readFileSync(layout(dataDir).state, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written to a temp file and renamed, so a reader never sees half of it. */
export function writeState(dataDir: string, state: PlaygroundState): void {
  const file = layout(dataDir).state;
  fs.writeFileSync(file + '.tmp', JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(file + '.tmp', file);
}

/** Removes the state file if it is ours (or its process is gone). */
export function clearState(dataDir: string, pid = process.pid): void {
  const s = readState(dataDir);
  if (s && (s.pid === pid || !isAlive(s.pid))) fs.rmSync(layout(dataDir).state, { force: true });
}

/** The state of a playground that is running now; undefined if none (a stale file is ignored). */
export function runningState(dataDir: string): PlaygroundState | undefined {
  const s = readState(dataDir);
  return s && isAlive(s.pid) ? s : undefined;
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited child its parent has not reaped yet (a zombie) still answers kill(pid, 0).
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
