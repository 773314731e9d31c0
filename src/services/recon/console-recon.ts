import { isDeferred } from '../../domain/closure/blockers.js';
import type { LayerStatus } from '../../domain/health/types.js';
import type { ActionItem } from '../../domain/issue/types.js';
import { addFindingsEdit } from '../../domain/recon/add-findings.js';
import { reconFindings, reconOverall, type Finding } from '../../domain/recon/findings.js';
import { proposeItems } from '../../domain/recon/propose.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import { appendChangeLogRow } from '../../domain/issue/edits/change-log-edit.js';
import type { AlertsStore } from '../../store/alerts-store.js';
import type { ActionResult } from '../../domain/console-engine.js';
import type { Stores } from '../../store/index.js';
import type { ReconTrigger } from '../../store/recon-store.js';
import type { RunMode } from '../../store/session-store.js';
import { writeBodyEdit } from '../gitea/body-writer.js';
import type { GiteaClient } from '../gitea/client.js';
import type { Journal } from '../journal/journal.js';
import type { KubeTarget } from '../kube/kubeconfig.js';
import { readDrift } from './drift.js';

export interface ConsoleReconPorts {
  stores: Stores;
  alerts: AlertsStore;
  kubeTarget(): KubeTarget | null;
  /** Re-read Ceph and re-grade, as between steps. */
  refresh(target: 'ceph' | 'health' | 'issue'): Promise<void>;
  gitea(): GiteaClient | null;
  journal: Journal | null;
  mode: RunMode;
  certWarnDays?: number;
  timeZone?: string;
  now?: () => number;
}

/** Every item is done or deferred: the moment the workflow's final recon runs (3.3). */
export function allItemsSettled(items: readonly ActionItem[] | undefined): boolean {
  return !!items && items.length > 0 && items.every((i) => i.checked || isDeferred(i));
}

const TRIGGER_WORD: Record<ReconTrigger, string> = { operator: 'Recon', final: 'Final recon', closure: 'Closure recon' };

/**
 * The full recon in the console (workflow 3.3–3.4), on the live stores: the gate re-graded after a
 * fresh Ceph read, ArgoCD drift read for the Applications that are not Synced/Healthy, certificates
 * expiring within the window, the alerts. Findings no open item covers become proposals; the operator
 * picks which to add, and they are written through the conflict-safe writer. Every recon is journaled;
 * its verdict and every addition is a Change Log row.
 */
export class ConsoleRecon {
  private running: Promise<ActionResult> | null = null;
  private settled = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly p: ConsoleReconPorts) {}

  private now(): number {
    return this.p.now?.() ?? Date.now();
  }

  private journal(event: 'recon' | 'recon-items-added', detail: string): void {
    this.p.journal?.append({ type: 'event', stepId: null, at: new Date(this.now()).toISOString(), event, detail: redactSecrets(detail) });
  }

  /** Runs the final recon once each time the last open item is done or deferred (and the gate has data). */
  watchForFinal(): void {
    if (this.unsubscribe) return;
    const check = () => {
      const settled = allItemsSettled(this.p.stores.issue.getState().document?.items);
      const graded = this.p.stores.health.getState().gate !== null;
      if (!settled) this.settled = false;
      else if (!this.settled && graded) {
        this.settled = true;
        void this.run('final');
      }
    };
    const a = this.p.stores.issue.subscribe(check);
    const b = this.p.stores.health.subscribe(check);
    this.unsubscribe = () => {
      a();
      b();
    };
    check();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** One recon; a second call while one runs waits for it instead of starting another. */
  run(trigger: ReconTrigger): Promise<ActionResult> {
    this.running ??= this.runNow(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runNow(trigger: ReconTrigger): Promise<ActionResult> {
    const { stores } = this.p;
    stores.recon.setState({ phase: 'running', trigger, error: null });
    try {
      await this.p.refresh('ceph');
      await this.p.refresh('health');
      const gate = stores.health.getState().gate;
      if (!gate) throw new Error('the layers are not graded yet (no data from the cluster)');
      const apps = gate.layers.platform.offenders
        .filter((o) => o.kind === 'Application' && o.namespace)
        .map((o) => ({ namespace: o.namespace!, name: o.name }));
      const target = this.p.kubeTarget();
      const drift = target && apps.length ? await readDrift(target, apps) : [];
      const cluster = stores.cluster.getState();
      const findings = reconFindings(gate, {
        now: this.now(),
        certificates: cluster.certificates,
        pods: cluster.pods,
        alerts: this.p.alerts.getState().alerts?.items ?? [],
        drift,
        certWarnDays: this.p.certWarnDays ?? 14,
      });
      const overall = reconOverall(gate, findings);
      const items = stores.issue.getState().document?.items ?? [];
      const proposals = proposeItems(findings, items);
      const before = stores.recon.getState().seen;
      const seen = Object.fromEntries(findings.map((f) => [f.key, (before[f.key] ?? 0) + 1]));
      const at = new Date(this.now()).toISOString();
      stores.recon.setState((s) => ({ phase: 'done', trigger, overall, findings, proposals, at, error: null, seq: s.seq + 1, seen }));
      const verdict = `${TRIGGER_WORD[trigger]} ${overall}: ${findings.length} finding${findings.length === 1 ? '' : 's'}, ${proposals.length} not covered by an open item${proposals.length ? ` (${proposals.map((x) => x.id).join(', ')})` : ''}`;
      this.journal('recon', verdict);
      // Closure's own recon is recorded by closure's row (or its refusal in the journal).
      if (trigger !== 'closure') await this.logRow(verdict, findings, overall);
      return { ok: true, message: proposals.length ? `${verdict}: pick which to add (Space, a)` : verdict };
    } catch (err) {
      const reason = redactSecrets(errorLine(err));
      stores.recon.setState({ phase: 'error', trigger, error: reason });
      this.journal('recon', `${TRIGGER_WORD[trigger]} failed: ${reason}`);
      return { ok: false, reason: `recon failed: ${reason}` };
    }
  }

  /** The recon's verdict as a Change Log row (the window's record of 3.3); never in read-only or dry-run. */
  private async logRow(verdict: string, findings: Finding[], overall: LayerStatus): Promise<void> {
    const client = this.p.gitea();
    const number = this.p.stores.issue.getState().number;
    if (!client || number === null || this.p.mode !== 'WRITE') return;
    const edit = appendChangeLogRow({
      stamp: { at: new Date(this.now()), timeZone: this.p.timeZone ?? 'UTC' },
      action: verdict,
      result: findings.length ? findings.map((f) => `${f.status} ${f.kind} ${f.name}: ${f.reason}`).join('; ') : `all layers ${overall}`,
      phase: 'Recon',
    });
    try {
      const r = await writeBodyEdit(client, number, edit, { mode: this.p.stores.issue.getState().editMode ?? 'last-writer-wins' });
      if (r.outcome === 'conflict') this.journal('recon', `Change Log row not written: ${r.conflict}`);
      await this.p.refresh('issue');
    } catch (err) {
      // A body without a Change Log table, or Gitea down: the journal keeps the verdict.
      this.journal('recon', `Change Log row not written: ${redactSecrets(errorLine(err))}`);
    }
  }

  /** Adds the chosen proposals (by the IDs the picker showed) under `### Recon findings (date)`. */
  async add(ids: readonly string[]): Promise<ActionResult> {
    const { stores } = this.p;
    const state = stores.recon.getState();
    const chosen = state.proposals.filter((p) => ids.includes(p.id));
    if (chosen.length === 0) return { ok: false, reason: 'nothing selected: Space selects a proposed item' };
    if (this.p.mode === 'READ-ONLY') return { ok: false, reason: 'read-only: adding recon items is off (--read-only)' };
    const client = this.p.gitea();
    const number = stores.issue.getState().number;
    if (!client || number === null) return { ok: false, reason: 'no maintenance issue is open' };
    const at = new Date(this.now());
    const edit = addFindingsEdit(
      chosen.map((p) => p.finding),
      (state.at ?? at.toISOString()).slice(0, 10),
      { at, timeZone: this.p.timeZone ?? 'UTC' },
    );
    if (this.p.mode === 'DRY-RUN') {
      this.journal('recon-items-added', `dry run: would add ${chosen.map((p) => p.id).join(', ')} to #${number}`);
      return { ok: true, message: `dry run: would add ${chosen.map((p) => p.id).join(', ')} to #${number}; nothing was written` };
    }
    stores.recon.setState({ adding: true });
    try {
      const r = await writeBodyEdit(client, number, edit, { mode: stores.issue.getState().editMode ?? 'last-writer-wins' });
      if (r.outcome === 'conflict') {
        this.journal('recon-items-added', `not added: ${r.conflict}`);
        return { ok: false, reason: `#${number}: ${r.conflict}; nothing was overwritten` };
      }
      const added = edit.lastAdded();
      await this.p.refresh('issue');
      const keys = new Set(added.map((p) => p.finding.key));
      stores.recon.setState((s) => ({ proposals: s.proposals.filter((p) => !keys.has(p.finding.key) && !ids.includes(p.id)) }));
      const list = added.map((p) => p.id).join(', ');
      this.journal('recon-items-added', added.length ? `added ${list} to #${number}` : `nothing to add to #${number}: open items cover them`);
      return { ok: true, message: added.length ? `added ${list} to #${number}` : 'nothing to add: open items already cover them' };
    } catch (err) {
      const reason = redactSecrets(errorLine(err));
      this.journal('recon-items-added', `not added: ${reason}`);
      return { ok: false, reason: `adding items failed: ${reason}` };
    } finally {
      stores.recon.setState({ adding: false });
    }
  }
}
