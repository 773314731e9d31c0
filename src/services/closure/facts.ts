import os from 'node:os';
import type { ClosureFacts, PrRow } from '../../domain/closure/summary.js';
import { analyseCached } from '../../domain/issue/parse.js';
import type { GateResult } from '../../domain/health/types.js';
import type { CephState } from '../../store/ceph-store.js';
import type { ClusterState } from '../../store/cluster-store.js';
import type { GiteaClient } from '../gitea/client.js';
import type { GiteaIssue } from '../gitea/schemas.js';

/** What the closure's figures are read from: the final recon (CLI) or the console's live stores. */
export interface FinalState {
  gate: GateResult;
  cluster: ClusterState;
  ceph: CephState;
  /** When the final recon graded (ISO). */
  at: string;
}

export type WindowActivity = { prs: ClosureFacts['prs']; issuesClosed: ClosureFacts['issuesClosed'] };

/** Who closes: the template's Closed By. */
export const closedByName = () => `homelab-console (${os.userInfo().username})`;

const since = (at: string | null | undefined, from: number) => !!at && Date.parse(at) >= from;

/** PRs merged / closed unmerged and issues closed since the issue opened (the template's "Actioned" tables). */
export async function windowActivity(
  client: Pick<GiteaClient, 'closedPulls' | 'listIssues'>,
  issue: Pick<GiteaIssue, 'number'>,
  startedAt: Date,
): Promise<WindowActivity> {
  const from = startedAt.getTime();
  const merged: PrRow[] = [];
  const closed: PrRow[] = [];
  for (const pr of await client.closedPulls()) {
    if (pr.merged && since(pr.merged_at, from))
      merged.push({ number: pr.number, title: pr.title, at: new Date(pr.merged_at!), note: 'merged, ArgoCD synced (gate GREEN after)' });
    else if (!pr.merged && since(pr.closed_at, from))
      closed.push({ number: pr.number, title: pr.title, at: new Date(pr.closed_at!), note: 'closed without merge' });
  }
  const issuesClosed: ClosureFacts['issuesClosed'] = [];
  for (const i of await client.listIssues('closed')) {
    if (i.number === issue.number) continue;
    if (since(i.closed_at, from))
      issuesClosed.push({ number: i.number, title: i.title, at: new Date(i.closed_at!), resolution: `Resolved as part of #${issue.number}` });
  }
  return { prs: { merged, closed }, issuesClosed };
}

/** The closure template's facts from the issue, the final state and the window's activity. */
export function closureFacts(
  issue: Pick<GiteaIssue, 'number' | 'created_at' | 'body'>,
  report: FinalState,
  activity: WindowActivity,
  lessons: string[],
  cpu: number,
  memory: number,
): ClosureFacts {
  const c = report.cluster;
  const now = Date.parse(report.at);
  const ceph = report.ceph.summary;
  const clean = ceph ? ceph.pgs.states.every((s) => s.name === 'active+clean') : null;
  return {
    issueNumber: issue.number,
    startedAt: new Date(issue.created_at),
    completedAt: new Date(report.at),
    timeZone: process.env.TZ || 'UTC',
    closedBy: closedByName(),
    gate: report.gate,
    items: analyseCached(issue.body).document.items,
    cluster: {
      nodes: c.nodes.length,
      nodesReady: c.nodes.filter((n) => n.ready === true).length,
      podsRunning: c.pods.filter((p) => p.displayStatus === 'Running').length,
      podsFailed: c.pods.filter((p) => p.phase === 'Failed').length,
      apps: c.applications.length,
      appsHealthy: c.applications.filter((a) => a.syncStatus === 'Synced' && a.healthStatus === 'Healthy').length,
      certs: c.certificates.length,
      certsValid: c.certificates.filter((x) => x.ready === true && (!x.notAfter || Date.parse(x.notAfter) > now)).length,
    },
    ceph: ceph
      ? {
          health: ceph.health,
          osds: ceph.osds.total,
          osdsUp: ceph.osds.up,
          osdsIn: ceph.osds.in,
          usedPercent: ceph.usage.usedPercent,
          availBytes: ceph.usage.availBytes,
          pgsClean: clean,
          pgSummary: ceph.pgs.states.map((s) => `${s.count} ${s.name}`).join(', ') || null,
        }
      : null,
    nodes: c.nodes.map((n) => ({ name: n.name, cpuPercent: n.cpuPercent, memoryPercent: n.memoryPercent })).sort((a, b) => a.name.localeCompare(b.name)),
    thresholds: { cpu, memory },
    prs: activity.prs,
    issuesClosed: activity.issuesClosed,
    lessons,
    references: [`Maintenance issue: #${issue.number}`, 'Workflow Used: `homelab-action.md`', `Final recon: homelab-console recon at ${report.at}`],
  };
}
