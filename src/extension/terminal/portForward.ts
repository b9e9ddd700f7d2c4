// Port-forwards from 127.0.0.1:<local> to a pod port through the API server (client-node's
// PortForward, the same portforward subresource kubectl uses). Each one is listed in a status bar
// item; clicking it offers to stop one. client-node neither ends the local socket when the
// server closes the stream nor reports the error channel unless asked, so both are done here:
// a pod that closes its side closes the local connection, and the server's reason is shown.
import * as net from 'node:net';
import { Writable } from 'node:stream';
import * as vscode from 'vscode';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

export interface Forward { id: string; label: string; local: number; server: net.Server; sockets: Set<net.Socket> }

interface Closable { on(event: 'close', l: () => void): unknown; close(): void }

class PortForwards {
  private readonly forwards = new Map<string, Forward>();
  private item?: vscode.StatusBarItem;

  list(): Forward[] { return [...this.forwards.values()]; }

  async start(kc: KubeConfig, namespace: string, pod: string, local: number, remote: number): Promise<Forward> {
    const pf = new PortForward(kc);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      let reason = '';
      const errors = new Writable({ write(chunk: Buffer, _enc, cb) { reason += chunk.toString('utf8'); cb(); } });
      pf.portForward(namespace, pod, [remote], socket, errors, socket).then((ws) => {
        const w = ws as unknown as Closable;
        w.on('close', () => {
          if (reason) void vscode.window.showErrorMessage(`port-forward ${pod}:${remote}: ${reason}`);
          socket.end();
        });
        socket.once('close', () => { sockets.delete(socket); w.close(); });
      }, (e) => {
        socket.destroy();
        void vscode.window.showErrorMessage(`port-forward ${pod}:${remote}: ${(e as Error).message}`);
      });
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(local, '127.0.0.1', () => resolve()); });
    const port = (server.address() as net.AddressInfo).port;
    const f: Forward = { id: `${namespace}/${pod}:${remote}@${port}`, label: `127.0.0.1:${port} → ${namespace}/${pod}:${remote}`, local: port, server, sockets };
    this.forwards.set(f.id, f);
    this.render();
    return f;
  }

  /** Stops listening and cuts the connections still open, as ending `kubectl port-forward` does. */
  stop(id: string): boolean {
    const f = this.forwards.get(id);
    if (!f) return false;
    f.server.close();
    for (const s of f.sockets) s.destroy();
    this.forwards.delete(id);
    this.render();
    return true;
  }

  /** What the status bar item shows, undefined while it is hidden (tests read it). */
  get status(): { text: string; tooltip: string } | undefined {
    return this.forwards.size && this.item ? { text: this.item.text, tooltip: String(this.item.tooltip) } : undefined;
  }

  private render(): void {
    if (!this.forwards.size) { this.item?.hide(); return; }
    this.item ??= vscode.window.createStatusBarItem('kubePlayground.portForwards', vscode.StatusBarAlignment.Left, 99);
    this.item.name = 'Kubernetes port-forwards';
    this.item.text = `$(plug) ${this.forwards.size} forward${this.forwards.size > 1 ? 's' : ''}`;
    this.item.tooltip = this.list().map((f) => f.label).join('\n') + '\nClick to stop one';
    this.item.command = 'kubePlayground.stopPortForward';
    this.item.show();
  }

  dispose(): void { for (const id of [...this.forwards.keys()]) this.stop(id); this.item?.dispose(); }
}

export const portForwards = new PortForwards();
