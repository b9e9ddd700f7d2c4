// The nodes of a playground: kubelets over a Docker or simulated runtime. What other parts
// import; everything else in this folder is the kubelet's own business.
export { startNodes, chooseRuntime, CONTROL_PLANE_NODE, workerName, type NodePool, type NodePoolOptions } from './nodePool';
export { metricsFor, type MetricsSnapshot, type NodeMetrics, type PodMetrics } from './metrics';
export { SIMULATE_EXIT_AFTER, SIMULATE_EXIT_CODE, SIMULATE_PULL_ERROR } from './simulatedRuntime';
export { PAUSE_IMAGE } from './pauseImage';
export type { Runtime } from './runtime';
