/**
 * The Kubernetes client is the console's heaviest dependency, so nothing imports it statically:
 * the first frame is painted before anyone calls this. The build bundles client-node.ts into its
 * own chunk (tree-shaken to KubeConfig, Watch, Exec and the request context), which loads in about
 * a third of the time and memory of the whole package.
 */
import module from 'node:module';
import type * as ClientNodeParts from './client-node.js';

export type ClientNode = typeof ClientNodeParts;

let loading: Promise<ClientNode> | null = null;

export function loadClientNode(): Promise<ClientNode> {
  // Unbundled (tests, tsx) the package is ~1,100 files: V8's on-disk compile cache cuts that import
  // a lot on a busy host (NODE_COMPILE_CACHE does the same; a no-op when it is already set).
  if (!loading) module.enableCompileCache?.();
  loading ??= import('./client-node.js');
  return loading;
}
