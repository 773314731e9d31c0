import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { WorldContext } from './context.js';

const DAY = 86_400_000;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

type CertJson = KubeObject & { status?: { conditions?: Condition[]; revision?: number } & Record<string, unknown> };

const issuing = (c: CertJson) => (c.status?.conditions ?? []).some((x) => x.type === 'Issuing' && x.status === 'True');

/**
 * cert-manager's issuing half: a Certificate whose Issuing condition is True (what `cmctl renew`
 * sets, and what cert-manager itself sets at renewalTime) is issued again after `certIssueMs`:
 * a new 90-day certificate (notBefore now, renewal at 2/3), the revision counted up, Ready with
 * cert-manager's message, the Issuing condition removed, and an Issuing event recorded.
 */
export class CertManagerController {
  private readonly pending = new Set<string>();

  constructor(private readonly ctx: WorldContext) {}

  onEvent(ev: StoreEvent): void {
    if (ev.resource.group !== 'cert-manager.io' || ev.resource.kind !== 'Certificate' || ev.type === 'DELETED') return;
    const cert = ev.entry.obj as CertJson;
    const key = `${cert.metadata.namespace}/${cert.metadata.name}`;
    if (!issuing(cert) || this.pending.has(key)) return;
    this.pending.add(key);
    const t = ev.resource;
    this.ctx.clock.setTimer(this.ctx.timing.certIssueMs, () => {
      this.pending.delete(key);
      const now = this.ctx.clock.now();
      const at = new Date(now).toISOString();
      const issued = this.ctx.store.mutate(t, cert.metadata.namespace, cert.metadata.name, (d) => {
        const c = d as CertJson;
        if (!issuing(c)) return;
        const status = (c.status ??= {});
        status.notBefore = at;
        status.notAfter = new Date(now + 90 * DAY).toISOString();
        status.renewalTime = new Date(now + 60 * DAY).toISOString();
        status.revision = (status.revision ?? 0) + 1;
        status.conditions = [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: 'Certificate is up to date and has not expired',
            lastTransitionTime: at,
            observedGeneration: c.metadata.generation ?? 1,
          },
        ];
      });
      if (issued) this.ctx.recordEvent(issued, 'Normal', 'Issuing', 'The certificate has been successfully issued', 'cert-manager-certificates-issuing');
    });
  }
}
