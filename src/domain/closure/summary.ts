import { escapeCell } from '../issue/inline.js';
import type { ActionItem } from '../issue/types.js';
import { LAYERS, type GateResult } from '../health/types.js';

/** The marker that says the summary is in the body: a re-run finds it and never writes a second one. */
export const SUMMARY_MARKER = '<!-- homelab-console:closure-summary -->';

export interface ClosureFacts {
  issueNumber: number;
  startedAt: Date;
  completedAt: Date;
  timeZone: string;
  closedBy: string;
  gate: GateResult;
  items: readonly ActionItem[];
  /** Nodes, pods, Applications, certificates as the final recon counted them. */
  cluster: { nodesReady: number; nodes: number; podsRunning: number; podsFailed: number; appsHealthy: number; apps: number; certsValid: number; certs: number };
  ceph: {
    health: string;
    osdsUp: number | null;
    osdsIn: number | null;
    osds: number | null;
    usedPercent: number | null;
    availBytes: number | null;
    pgsClean: boolean | null;
    pgSummary: string | null;
  } | null;
  nodes: Array<{ name: string; cpuPercent: number | null; memoryPercent: number | null }>;
  thresholds: { cpu: number; memory: number };
  prs: { merged: PrRow[]; closed: PrRow[] };
  issuesClosed: Array<{ number: number; title: string; at: Date | null; resolution: string }>;
  lessons: string[];
  references: string[];
}

export interface PrRow {
  number: number;
  title: string;
  at: Date | null;
  note: string;
}

/** `YYYY-MM-DD HH:MM` in the zone, as the template writes times. */
export function stamp(d: Date | null, timeZone: string): string {
  if (!d) return '-';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function duration(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return `${Math.floor(m / 60)} hours ${m % 60} minutes`;
}

const cell = (s: string) => escapeCell(s.replace(/\s+/g, ' ').trim()) || '-';
const LAYER_TITLE = { metal: 'Metal', system: 'System', platform: 'Platform', apps: 'Apps' } as const;
const pct = (n: number | null) => (n === null ? '-' : `${Math.round(n)}%`);

/** The completion note's time and outcome: `completed 2026-11-26 14:30 UTC — ok` → [time, result]. */
function outcome(item: ActionItem): [string, string] {
  const note = item.completionNote ?? '';
  const m = /(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})(?::\d{2})?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?\s*(?:[—–-]+\s*(.*))?$/.exec(note);
  if (m) return [m[1]!.replace('T', ' '), m[2]?.trim() || 'done'];
  return ['-', note || (item.checked ? 'done' : 'deferred')];
}

function verification(gate: GateResult, f: ClosureFacts, layer: (typeof LAYERS)[number]): string {
  const c = f.cluster;
  switch (layer) {
    case 'metal': {
      const cpu = Math.max(0, ...f.nodes.map((n) => n.cpuPercent ?? 0));
      const mem = Math.max(0, ...f.nodes.map((n) => n.memoryPercent ?? 0));
      return `${c.nodesReady}/${c.nodes} nodes Ready, CPU max ${Math.round(cpu)}% (<${f.thresholds.cpu}%), Memory max ${Math.round(mem)}% (<${f.thresholds.memory}%)`;
    }
    case 'system':
      return `Ceph ${f.ceph?.health ?? 'not read'}; ${gate.layers.system.reasons[0] ?? ''}`;
    case 'platform':
      return `${c.appsHealthy}/${c.apps} ArgoCD apps Synced/Healthy, ${c.certsValid}/${c.certs} certificates valid`;
    case 'apps':
      return gate.layers.apps.reasons[0] ?? '';
  }
}

/** The workflow's exhaustive closure template (homelab-action.md 4.4), filled from the record and the final recon. */
export function renderClosureSummary(f: ClosureFacts): string {
  const tz = f.timeZone;
  const L: string[] = [SUMMARY_MARKER, `# RESOLVED - All Layers ${f.gate.overall}`, '', '## Resolution Summary', '', '| Field | Value |', '|-------|-------|'];
  L.push('| **Status** | RESOLVED |', `| **Started** | ${stamp(f.startedAt, tz)} |`, `| **Completed** | ${stamp(f.completedAt, tz)} |`);
  L.push(`| **Duration** | ${duration(f.completedAt.getTime() - f.startedAt.getTime())} |`, `| **Resolved By** | ${cell(f.closedBy)} |`, '', '---', '');
  L.push('## Final Infrastructure State', '', '| Layer | Status | Verification |', '|-------|:------:|--------------|');
  for (const l of LAYERS) L.push(`| **${LAYER_TITLE[l]}** | ${f.gate.layers[l].status} | ${cell(verification(f.gate, f, l))} |`);
  L.push('', `**Overall Status**: ${f.gate.overall}`, '', '---', '', '## Actions Completed', '');
  const groups = new Map<string, ActionItem[]>();
  for (const i of f.items) {
    const g = i.group ?? 'Action Items';
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  for (const [g, items] of groups) {
    L.push(`### ${g}`, '| Action | Timestamp | Result |', '|--------|-----------|--------|');
    for (const i of items) {
      const [at, result] = outcome(i);
      L.push(
        `| ${cell(`${i.id ? `${i.id}: ` : ''}${i.title}`)} | ${at} | ${cell(i.checked ? result : `deferred${result !== 'deferred' ? ` (${result})` : ''}`)} |`,
      );
    }
    L.push('');
  }
  L.push(
    '---',
    '',
    '## Pull Requests & Issues Actioned',
    '',
    '### PRs Merged',
    '| PR | Title | Merged At | Verification |',
    '|----|-------|-----------|--------------|',
  );
  for (const p of f.prs.merged) L.push(`| #${p.number} | ${cell(p.title)} | ${stamp(p.at, tz)} | ${cell(p.note)} |`);
  if (f.prs.merged.length === 0) L.push('| - | none | - | - |');
  L.push('', '### PRs Closed (Not Merged)', '| PR | Title | Closed At | Reason |', '|----|-------|-----------|--------|');
  for (const p of f.prs.closed) L.push(`| #${p.number} | ${cell(p.title)} | ${stamp(p.at, tz)} | ${cell(p.note)} |`);
  if (f.prs.closed.length === 0) L.push('| - | none | - | - |');
  L.push('', '### Issues Closed', '| Issue | Title | Closed At | Resolution |', '|-------|-------|-----------|------------|');
  for (const i of f.issuesClosed) L.push(`| #${i.number} | ${cell(i.title)} | ${stamp(i.at, tz)} | ${cell(i.resolution)} |`);
  if (f.issuesClosed.length === 0) L.push('| - | none | - | - |');
  const c = f.cluster;
  L.push('', '---', '', '## Verification Data (Final Recon)', '', '### Cluster Status');
  L.push(
    `- **Nodes**: ${c.nodesReady}/${c.nodes} Ready`,
    `- **Pods**: ${c.podsRunning} Running, ${c.podsFailed} Failed`,
    `- **ArgoCD Apps**: ${c.appsHealthy}/${c.apps} Synced & Healthy`,
    `- **Certificates**: ${c.certsValid}/${c.certs} Valid`,
  );
  L.push('', '### Ceph Status');
  if (f.ceph) {
    const avail = f.ceph.availBytes === null ? '' : ` (${(f.ceph.availBytes / 2 ** 40).toFixed(2)} TiB available)`;
    L.push(
      `- **Health**: ${f.ceph.health}`,
      `- **OSDs**: ${f.ceph.osdsUp ?? '-'} up, ${f.ceph.osdsIn ?? '-'} in (of ${f.ceph.osds ?? '-'})`,
      `- **Storage**: ${pct(f.ceph.usedPercent)} used${avail}`,
      `- **PGs**: ${f.ceph.pgsClean ? 'All active+clean' : (f.ceph.pgSummary ?? '-')}`,
    );
  } else L.push('- **Health**: not read');
  L.push('', '### Resource Utilization', '| Node | CPU | Memory |', '|------|-----|--------|');
  for (const n of f.nodes) L.push(`| ${cell(n.name)} | ${pct(n.cpuPercent)} | ${pct(n.memoryPercent)} |`);
  L.push('', '---', '', '## Lessons Learned', '');
  if (f.lessons.length === 0) L.push('1. None recorded.');
  f.lessons.forEach((l, i) => L.push(`${i + 1}. ${l.replace(/\s+/g, ' ').trim()}`));
  L.push('', '---', '', '## References', '');
  for (const r of f.references) L.push(`- ${r}`);
  L.push('', '---', '', '*Closed by homelab-console*', `*Completion time: ${stamp(f.completedAt, tz)}*`, '', '---', '');
  return L.join('\n') + '\n';
}
