import type { PackageUpdate } from '../renovate/types.js';

/** What the dependency checks need of a pod: its images, its env values and the config it mounts. */
export interface PodFacts {
  namespace: string;
  name: string;
  phase: string;
  images: string[];
  /** Env values, and `valueFrom` references written as `configmap/NAME:KEY` or `secret/NAME:KEY`. */
  env: string[];
  /** Names of ConfigMaps the pod mounts or takes envFrom. */
  configMaps: string[];
  /** The controller chain's top: Deployment or StatefulSet name, when known. */
  workload: { kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | string; name: string } | null;
}

/** `docker.io/library/postgres:17.6-bookworm@sha256:…` → `postgres`; `ghcr.io/bjw-s-labs/app-template:4` → `bjw-s-labs/app-template`. */
export function imageRepository(image: string): string {
  let s = image.split('@')[0]!;
  const lastSlash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > lastSlash) s = s.slice(0, colon);
  const parts = s.split('/');
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

/** The tag of an image, or null (`postgres:17.6-bookworm` → `17.6-bookworm`). */
export function imageTag(image: string): string | null {
  const s = image.split('@')[0]!;
  const colon = s.lastIndexOf(':');
  return colon > s.lastIndexOf('/') ? s.slice(colon + 1) : null;
}

function packageKeys(name: string): string[] {
  const repo = imageRepository(name).toLowerCase();
  const last = repo.split('/').pop()!;
  return [...new Set([repo, last])];
}

/**
 * 5.1 "Dependency Check": the pods whose images are the package (the workflow's `grep <component>`
 * over every container image), matched on the image repository or its last segment so
 * `postgres` finds `docker.io/library/postgres:17.6` and `bitnamilegacy/postgresql` finds
 * `docker.io/bitnamilegacy/postgresql:16.2.0`, but `postgres` does not find `postgres-exporter`.
 */
export function podsRunningPackage(pods: readonly PodFacts[], packages: readonly PackageUpdate[]): Array<{ pod: PodFacts; image: string; pkg: string }> {
  const out: Array<{ pod: PodFacts; image: string; pkg: string }> = [];
  for (const pod of pods) {
    for (const image of pod.images) {
      const repo = imageRepository(image).toLowerCase();
      const last = repo.split('/').pop()!;
      const pkg = packages.find((p) => packageKeys(p.name).some((k) => k === repo || (!k.includes('/') && k === last)));
      if (pkg) {
        out.push({ pod, image, pkg: pkg.name });
        break;
      }
    }
  }
  return out;
}

/** The DNS names a Service answers to from other namespaces and its own. */
export function serviceNames(service: { namespace: string; name: string }): string[] {
  const { namespace: ns, name } = service;
  return [`${name}.${ns}.svc.cluster.local`, `${name}.${ns}.svc`, `${name}.${ns}`, name];
}

const word = (name: string) => new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`, 'i');

/**
 * 6.2 "identify dependent apps": pods (other than the database's own) whose env values name the
 * database Service — by its short name in the same namespace, or a qualified name from anywhere —
 * or that take config from a ConfigMap whose data names it.
 */
export function dependentsOf(
  pods: readonly PodFacts[],
  db: { namespace: string; service: string; pods: readonly string[] },
  configMaps: ReadonlyArray<{ namespace: string; name: string; data: Record<string, string> }> = [],
): Array<{ pod: PodFacts; via: string }> {
  const qualified = serviceNames({ namespace: db.namespace, name: db.service }).slice(0, 3).map(word);
  const short = word(db.service);
  const names = (ns: string) => (ns === db.namespace ? [...qualified, short] : qualified);
  const cmHits = new Set(
    configMaps.filter((cm) => Object.values(cm.data).some((v) => names(cm.namespace).some((re) => re.test(v)))).map((cm) => `${cm.namespace}/${cm.name}`),
  );
  const out: Array<{ pod: PodFacts; via: string }> = [];
  for (const pod of pods) {
    if (pod.namespace === db.namespace && db.pods.includes(pod.name)) continue;
    const env = pod.env.find((v) => names(pod.namespace).some((re) => re.test(v)));
    if (env !== undefined) {
      out.push({ pod, via: `env ${env.length > 80 ? `${env.slice(0, 77)}…` : env}` });
      continue;
    }
    const cm = pod.configMaps.find((c) => cmHits.has(`${pod.namespace}/${c}`));
    if (cm) out.push({ pod, via: `configmap ${cm}` });
  }
  return out;
}

/** The scalable workloads behind dependent pods, each once (a Deployment's pods come from a ReplicaSet). */
export function dependentWorkloads(
  deps: ReadonlyArray<{ pod: PodFacts; via: string }>,
): Array<{ kind: 'deployment' | 'statefulset'; namespace: string; name: string; via: string }> {
  const seen = new Map<string, { kind: 'deployment' | 'statefulset'; namespace: string; name: string; via: string }>();
  for (const { pod, via } of deps) {
    const w = pod.workload;
    if (!w || (w.kind !== 'Deployment' && w.kind !== 'StatefulSet')) continue;
    const kind = w.kind === 'Deployment' ? 'deployment' : 'statefulset';
    const key = `${kind}/${pod.namespace}/${w.name}`;
    if (!seen.has(key)) seen.set(key, { kind, namespace: pod.namespace, name: w.name, via });
  }
  return [...seen.values()];
}
