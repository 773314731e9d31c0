import { groupVersion, type ResourceRegistry, type ResourceType } from '../resources.js';
import type { Json } from '../types.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export const SERVER_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.6+k3s1',
  gitCommit: 'b5847677a8b2c7d3f6bbbd1ee4ffb4bf6b9e6c35',
  gitTreeState: 'clean',
  buildDate: '2025-11-12T01:20:35Z',
  goVersion: 'go1.24.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** kubectl 1.30+ asks for aggregated discovery (one request per root instead of one per group version). */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(;|,|$)/.test(accept);
}

export function apiVersions(host: string): Json {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

export function apiGroupList(reg: ResourceRegistry): Json {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: reg.groups().map(groupEntry) };
}

function groupEntry(g: { name: string; versions: string[] }): Json {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiGroup(reg: ResourceRegistry, name: string): Json | null {
  const g = reg.groups().find((x) => x.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) } : null;
}

export function apiResourceList(reg: ResourceRegistry, gv: string): Json | null {
  const types = reg.all().filter((t) => groupVersion(t) === gv);
  if (types.length === 0) return null;
  const resources: Json[] = [];
  for (const t of types) {
    const r: Json = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
    if (t.shortNames.length) r.shortNames = t.shortNames;
    if (t.categories.length) r.categories = t.categories;
    resources.push(r);
    for (const s of t.subresources) {
      const sr: Json = { name: `${t.plural}/${s.name}`, singularName: '', namespaced: t.namespaced, kind: s.kind, verbs: s.verbs };
      if (s.group) {
        sr.group = s.group;
        sr.version = s.version;
      }
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

function aggregatedResource(t: ResourceType): Json {
  const r: Json = {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  if (t.subresources.length) {
    r.subresources = t.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? t.group, version: s.version ?? t.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return r;
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for `/api` (core) or `/apis` (every group). */
export function aggregatedDiscovery(reg: ResourceRegistry, core: boolean): Json {
  const items: Json[] = [];
  if (core) {
    const resources = reg
      .all()
      .filter((t) => t.group === '')
      .map(aggregatedResource);
    items.push({ metadata: { creationTimestamp: null }, versions: [{ version: 'v1', resources, freshness: 'Current' }] });
  } else {
    for (const g of reg.groups()) {
      items.push({
        metadata: { name: g.name, creationTimestamp: null },
        versions: g.versions.map((v) => ({
          version: v,
          resources: reg
            .all()
            .filter((t) => t.group === g.name && t.version === v)
            .map(aggregatedResource),
          freshness: 'Current',
        })),
      });
    }
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
