import type { ApplicationView, CertificateView, ExternalSecretView, SecretStoreView } from './types.js';
import { asRecord, asString, conditionsOf, type RawObject } from './raw.js';

/** argoproj.io/v1alpha1 Application. */
export function projectApplication(raw: RawObject): ApplicationView {
  const spec = asRecord(raw.spec);
  const status = asRecord(raw.status);
  const sync = asRecord(status.sync);
  const health = asRecord(status.health);
  const sources = [asRecord(spec.source), ...(Array.isArray(spec.sources) ? spec.sources.map(asRecord) : [])].filter((s) => Object.keys(s).length > 0);
  return {
    namespace: raw.metadata?.namespace ?? '',
    name: raw.metadata?.name ?? '',
    syncStatus: asString(sync.status) ?? 'Unknown',
    healthStatus: asString(health.status) ?? 'Unknown',
    revision: asString(sync.revision) ?? (Array.isArray(sync.revisions) ? asString(sync.revisions[0]) : null),
    sourcePaths: sources.map((s) => asString(s.path)).filter((p): p is string => p !== null),
    repoURL: sources.map((s) => asString(s.repoURL)).find((u) => u !== null) ?? null,
    operationPhase: asString(asRecord(status.operationState).phase),
  };
}

function readyCondition(raw: RawObject): { ready: boolean | null; reason: string | null } {
  const c = conditionsOf(raw.status).find((x) => x.type === 'Ready');
  if (!c) return { ready: null, reason: null };
  return { ready: c.status === 'True' ? true : c.status === 'False' ? false : null, reason: c.reason ?? null };
}

/** cert-manager.io/v1 Certificate. */
export function projectCertificate(raw: RawObject): CertificateView {
  return {
    namespace: raw.metadata?.namespace ?? '',
    name: raw.metadata?.name ?? '',
    ...readyCondition(raw),
    notAfter: asString(asRecord(raw.status).notAfter),
  };
}

/** external-secrets.io ExternalSecret. */
export function projectExternalSecret(raw: RawObject): ExternalSecretView {
  return { namespace: raw.metadata?.namespace ?? '', name: raw.metadata?.name ?? '', ...readyCondition(raw) };
}

/** external-secrets.io ClusterSecretStore. */
export function projectSecretStore(raw: RawObject): SecretStoreView {
  return { name: raw.metadata?.name ?? '', ...readyCondition(raw) };
}
