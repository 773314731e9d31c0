export { KubeSim, type KubeSimOptions } from './server.js';
export { DEFAULT_TIMING, FAST_TIMING, type SimEvents, type Timing } from './controllers/context.js';
export type { ExecHandler, ExecResult } from './http/backend.js';
export { builtinExec, isRookCephTools, routeExec, spawnExec } from './exec-handlers.js';
export { kubeconfigText, writeKubeconfig } from './kubeconfig.js';
export { APPLICATIONS, NODES, NAMESPACES, SEED_REVISION, DEFAULT_REPO_URL, appPath, osdNode, type AppEntry } from './seed/catalog.js';
export { REFRESH_ANNOTATION, INSTANCE_LABEL } from './world.js';
export { pathTouches } from './controllers/argocd.js';
export type { KubeObject, Pod } from './types.js';
