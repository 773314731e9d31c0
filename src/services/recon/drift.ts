import type { AppDrift } from '../../domain/recon/findings.js';
import { KubeHttp } from '../kube/http.js';
import type { KubeTarget } from '../kube/kubeconfig.js';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** status.resources[] that are OutOfSync or not Healthy, and status.conditions, from an Application object. */
export function driftOf(app: unknown): AppDrift {
  const a = rec(app);
  const meta = rec(a.metadata);
  const status = rec(a.status);
  const resources = (Array.isArray(status.resources) ? status.resources : [])
    .map(rec)
    .filter((r) => (str(r.status) ?? 'Synced') !== 'Synced' || (str(rec(r.health).status) ?? 'Healthy') !== 'Healthy')
    .map((r) => ({
      kind: str(r.kind) ?? '?',
      ...(str(r.namespace) ? { namespace: str(r.namespace)! } : {}),
      name: str(r.name) ?? '?',
      ...(str(r.status) ? { status: str(r.status)! } : {}),
      ...(str(rec(r.health).status) ? { health: str(rec(r.health).status)! } : {}),
      ...(str(rec(r.health).message) ? { message: str(rec(r.health).message)! } : {}),
    }));
  const conditions = (Array.isArray(status.conditions) ? status.conditions : [])
    .map(rec)
    .map((c) => ({ type: str(c.type) ?? '?', ...(str(c.message) ? { message: str(c.message)! } : {}) }));
  return { namespace: str(meta.namespace) ?? '', name: str(meta.name) ?? '', resources, conditions };
}

/** Reads the drift of the named Applications (one GET each: only the offenders, never the whole list twice). */
export async function readDrift(target: KubeTarget, apps: Array<{ namespace: string; name: string }>, timeoutMs = 10_000): Promise<AppDrift[]> {
  const http = new KubeHttp(target, timeoutMs);
  const out = await Promise.all(
    apps.map(async (a) => {
      try {
        return driftOf(await http.get(`/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(a.namespace)}/applications/${encodeURIComponent(a.name)}`));
      } catch {
        return null;
      }
    }),
  );
  return out.filter((d): d is AppDrift => d !== null);
}
