// Port-forwards from 127.0.0.1:<local> to a pod port through the API server (client-node's
// PortForward, the same portforward subresource kubectl uses). Each one is listed in a status bar
// item; clicking it offers to stop one.
import * as net from 'node:net';
import * as vscode from 'vscode';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

export interface Forward { id: string; label: string; local: number; server: net.Server }

class PortForwards {
  private readonly forwards = new Map<string, Forward>();
  private item?: vscode.StatusBarItem;

  list(): Forward[] { return [...this.forwards.values()]; }

  async start(kc: KubeConfig, namespace: string, pod: string, local: number, remote: number): Promise<Forward> {
    const pf = new PortForward(kc);
    const server = net.createServer((socket) => {
      pf.portForward(namespace, pod, [remote], socket, null, socket).catch((e) => {
        socket.destroy();
        void vscode.window.showErrorMessage(`port-forward ${pod}:${remote}: ${(e as Error).message}`);
      });
    });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(local, '127.0.0.1', () => resolve()); });
    const port = (server.address() as net.AddressInfo).port;
    const f: Forward = { id: `${namespace}/${pod}:${remote}@${port}`, label: `127.0.0.1:${port} → ${namespace}/${pod}:${remote}`, local: port, server };
    this.forwards.set(f.id, f);
    this.render();
    return f;
  }

  stop(id: string): void {
    const f = this.forwards.get(id);
    if (!f) return;
    f.server.close();
    this.forwards.delete(id);
    this.render();
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
