/**
 * The Kubernetes client costs 300–500 ms to import, so nothing imports it statically: the first
 * frame is painted before anyone calls this. The bundle keeps the package external.
 */
import type * as K8s from '@kubernetes/client-node';

export type ClientNode = typeof K8s;

let loading: Promise<ClientNode> | null = null;

export function loadClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
