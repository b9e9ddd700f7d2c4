// Controllers beyond the core workload/service set: node lifecycle, stateful and daemon
// workloads, batch, storage and autoscaling.
import type { Controller, ControllerConfig } from '../client/controller';
import type { ControllersOptions } from './index';
import { NodeLifecycleController } from './nodelifecycle';
import { StatefulSetController } from './statefulset';
import { DaemonSetController } from './daemonset';
import { JobController } from './job';
import { CronJobController } from './cronjob';
import { PersistentVolumeController } from './persistentvolume';
import { HorizontalPodAutoscalerController } from './hpa';

export function optionalControllers(base: ControllerConfig, opts: ControllersOptions): Controller[] {
  return [
    new NodeLifecycleController({ ...base, nodeMonitorGracePeriodSeconds: opts.nodeMonitorGracePeriodSeconds }),
    new StatefulSetController(base),
    new DaemonSetController(base),
    new JobController({ ...base, backoffBaseMs: opts.jobBackoffBaseMs }),
    new CronJobController(base),
    new PersistentVolumeController({ ...base, dataDir: opts.dataDir }),
    new HorizontalPodAutoscalerController({ ...base, syncPeriodMs: opts.hpaSyncPeriodMs }),
  ];
}
