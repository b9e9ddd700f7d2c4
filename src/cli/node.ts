// `node list|add|remove|stop|start [NAME]`: nodes of the running playground. `stop` simulates
// a failure (the kubelet stops heartbeating, its containers are paused); `start` brings it back.
import { callControl } from '../cluster/control/socket';
import { UsageError, type Command, type CommandContext } from './command';

export const node: Command = {
  usage: 'node list | add | remove NAME | stop NAME | start NAME',
  summary: 'list, add, remove, fail (stop) or restart nodes of the running playground',
  async run(ctx) {
    try {
      return await runNode(ctx);
    } catch (e) {
      // The playground's own message (e.g. unknown node) is for the user as is.
      throw e instanceof UsageError ? e : new UsageError((e as Error).message);
    }
  },
};

async function runNode({ dataDir, positionals, out }: CommandContext): Promise<number> {
    const [verb = 'list', name] = positionals;
    const needName = () => { if (!name) throw new UsageError(`node ${verb} needs a node name (see: kube-playground node list)`); return encodeURIComponent(name); };
    switch (verb) {
      case 'list': {
        const nodes: { name: string; role: string; state: string }[] = await callControl(dataDir, 'GET', '/nodes');
        out(['NAME'.padEnd(28), 'ROLE'.padEnd(14), 'STATE'].join(''));
        for (const n of nodes) out([n.name.padEnd(28), n.role.padEnd(14), n.state].join(''));
        return 0;
      }
      case 'add': out(`node ${(await callControl(dataDir, 'POST', '/nodes')).name} added`); return 0;
      case 'remove': await callControl(dataDir, 'DELETE', `/nodes/${needName()}`); out(`node ${name} removed`); return 0;
      case 'stop': await callControl(dataDir, 'POST', `/nodes/${needName()}/stop`); out(`node ${name} stopped (no heartbeats; containers paused)`); return 0;
      case 'start': await callControl(dataDir, 'POST', `/nodes/${needName()}/start`); out(`node ${name} started`); return 0;
      default: throw new UsageError(`unknown node operation "${verb}"; use list, add, remove, stop or start`);
    }
}
