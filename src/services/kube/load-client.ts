/**
 * The Kubernetes client costs 300–500 ms to import, so nothing imports it statically: the first
 * frame is painted before anyone calls this. The bundle keeps the package external.
 */
import module from 'node:module';
import type * as K8s from '@kubernetes/client-node';

export type ClientNode = typeof K8s;

let loading: Promise<ClientNode> | null = null;

export function loadClientNode(): Promise<ClientNode> {
  // ~1 100 generated files: V8's on-disk compile cache cuts the import from ~1.3 s to ~0.35 s on
  // a busy 2-vCPU host (NODE_COMPILE_CACHE does the same; this is a no-op when it is already set).
  if (!loading) module.enableCompileCache?.();
  loading ??= import('@kubernetes/client-node');
  return loading;
}
