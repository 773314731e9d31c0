import type { ResourceRegistry, ResourceType } from '../resources.js';

export type Route =
  | { kind: 'discovery-core' }
  | { kind: 'discovery-groups' }
  | { kind: 'discovery-group'; group: string }
  | { kind: 'discovery-resources'; groupVersion: string }
  | { kind: 'version' }
  | { kind: 'health'; which: string }
  | { kind: 'openapi'; path: string }
  | { kind: 'resource'; t: ResourceType; namespace?: string; name?: string; sub?: string; groupVersion: string }
  | { kind: 'unknown-resource'; groupVersion: string; plural: string }
  | { kind: 'not-found' };

/** Splits an apiserver path into discovery, a resource (collection, object, subresource) or nothing. */
export function parseRoute(pathname: string, reg: ResourceRegistry): Route {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segs.length === 0) return { kind: 'not-found' };
  const [root] = segs;
  if (root === 'version' && segs.length === 1) return { kind: 'version' };
  if ((root === 'healthz' || root === 'readyz' || root === 'livez') && segs.length <= 2) return { kind: 'health', which: root };
  if (root === 'openapi') return { kind: 'openapi', path: segs.slice(1).join('/') };

  let gv: string;
  let rest: string[];
  if (root === 'api') {
    if (segs.length === 1) return { kind: 'discovery-core' };
    if (segs[1] !== 'v1') return { kind: 'not-found' };
    gv = 'v1';
    rest = segs.slice(2);
  } else if (root === 'apis') {
    if (segs.length === 1) return { kind: 'discovery-groups' };
    if (segs.length === 2) return { kind: 'discovery-group', group: segs[1]! };
    gv = `${segs[1]}/${segs[2]}`;
    rest = segs.slice(3);
  } else {
    return { kind: 'not-found' };
  }
  if (rest.length === 0) return { kind: 'discovery-resources', groupVersion: gv };
  // The legacy /watch/ prefix: same as ?watch=true.
  if (rest[0] === 'watch') rest = rest.slice(1);

  let namespace: string | undefined;
  const namespaceSub = rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSub) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub, ...extra] = rest;
  if (!plural || extra.length > 0) return { kind: 'not-found' };
  const t = reg.find(gv, plural);
  if (!t) return { kind: 'unknown-resource', groupVersion: gv, plural };
  if (namespace !== undefined && !t.namespaced) return { kind: 'not-found' };
  return { kind: 'resource', t, namespace, name, sub, groupVersion: gv };
}

export function isWatchPath(pathname: string): boolean {
  return /^\/apis?\/(?:[^/]+\/)?v[^/]*\/watch\//.test(pathname) || /^\/api\/v1\/watch\//.test(pathname);
}
