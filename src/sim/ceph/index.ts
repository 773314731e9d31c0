export { CephSimulator, type CephSimulatorOptions, type SimExecResult } from './simulator.js';
export { degradedDemoState, healthyState } from './seeds.js';
export type { SimCephState, SimOsd, SimCrash } from './state.js';
