// Every command in one table (rust-analyzer's createCommands shape). `needs` says what must be up:
// the table is re-registered when the playground starts or stops or the target changes, so "no
// cluster" is handled here once, not in each body. Bodies live in small files by area.
import type { Ctx } from '../context';
import * as cluster from './cluster';
import * as resource from './resource';
import * as apply from './apply';
import * as terminal from './terminal';

export type Handler = (...args: any[]) => unknown;
export interface CommandSpec {
  /** nothing: always; target: a cluster/context is selected; playground: the embedded playground is up */
  needs: 'nothing' | 'target' | 'playground';
  enabled(ctx: Ctx): Handler;
  disabled?(ctx: Ctx): Handler;
}

export function createCommands(): Record<string, CommandSpec> {
  return {
    'kubePlayground.start': { needs: 'nothing', enabled: cluster.start },
    'kubePlayground.stop': { needs: 'playground', enabled: cluster.stop },
    'kubePlayground.restart': { needs: 'playground', enabled: cluster.restart },
    'kubePlayground.reset': { needs: 'nothing', enabled: cluster.reset },
    'kubePlayground.snapshot': { needs: 'playground', enabled: cluster.snapshot },
    'kubePlayground.restore': { needs: 'nothing', enabled: cluster.restore },
    'kubePlayground.addNode': { needs: 'playground', enabled: cluster.addNode },
    'kubePlayground.stopNode': { needs: 'playground', enabled: cluster.stopNode },
    'kubePlayground.startNode': { needs: 'playground', enabled: cluster.startNode },
    'kubePlayground.clusterMenu': { needs: 'nothing', enabled: cluster.menu },
    'kubePlayground.openClusterMap': { needs: 'nothing', enabled: cluster.openClusterMap },
    'kubePlayground.switchContext': { needs: 'nothing', enabled: cluster.switchContext },
    'kubePlayground.refresh': { needs: 'target', enabled: resource.refresh },
    'kubePlayground.describe': { needs: 'target', enabled: resource.describe },
    'kubePlayground.getYaml': { needs: 'target', enabled: resource.getYaml },
    'kubePlayground.logs': { needs: 'target', enabled: resource.logs },
    'kubePlayground.shell': { needs: 'target', enabled: terminal.shell },
    'kubePlayground.portForward': { needs: 'target', enabled: resource.portForward },
    'kubePlayground.stopPortForward': { needs: 'nothing', enabled: resource.stopPortForward },
    'kubePlayground.scale': { needs: 'target', enabled: resource.scale },
    'kubePlayground.rolloutRestart': { needs: 'target', enabled: resource.rolloutRestart },
    'kubePlayground.delete': { needs: 'target', enabled: resource.remove },
    'kubePlayground.copyName': { needs: 'nothing', enabled: resource.copyName },
    'kubePlayground.revealInMap': { needs: 'nothing', enabled: cluster.revealInMap },
    'kubePlayground.apply': { needs: 'target', enabled: apply.applyFiles },
    'kubePlayground.applyDocument': { needs: 'target', enabled: apply.applyDocument },
    'kubePlayground.diffDocument': { needs: 'target', enabled: apply.diffDocument },
    'kubePlayground.deleteDocument': { needs: 'target', enabled: apply.deleteDocument },
    'kubePlayground.openTerminal': { needs: 'nothing', enabled: terminal.openTerminal },
  };
}
