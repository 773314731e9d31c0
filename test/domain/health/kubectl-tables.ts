/**
 * Test helper: turns kubectl's printed tables (as captured in ../shared/corpus/kube) into the slim
 * projections the grader takes. Columns are located by the header's word positions, which is how
 * kubectl's tabwriter aligns them (values such as "3 (25h ago)" contain single spaces).
 */
import type { ApplicationView, CertificateView, ExternalSecretView, NodeView, PodView, SecretStoreView } from '../../../src/domain/health/types.js';

export type Row = Record<string, string>;

export function parseTable(text: string): Row[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0];
  if (!header) return [];
  const cols: Array<{ name: string; start: number }> = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) cols.push({ name: m[0], start: m.index });
  return lines.slice(1).map((line) => {
    const row: Row = {};
    cols.forEach((c, i) => {
      const end = cols[i + 1]?.start ?? line.length;
      row[c.name] = line.slice(c.start, i + 1 < cols.length ? end : undefined).trim();
    });
    return row;
  });
}

/** Sections of a capture: "=== Title ===", "== cmd ==" (+ timestamp line) or "---SEPARATOR---" blocks. */
export function sections(text: string): Array<{ title: string; body: string }> {
  const out: Array<{ title: string; body: string }> = [];
  let title = '';
  let body: string[] = [];
  const flush = () => {
    if (body.some((l) => l.trim())) out.push({ title, body: body.join('\n') });
    body = [];
  };
  for (const line of text.split('\n')) {
    const m = /^={2,3} (.+?) ={2,3}$/.exec(line);
    if (m) {
      flush();
      title = m[1]!;
    } else if (line === '---SEPARATOR---') {
      flush();
      title = '';
    } else if (/^\d{4}-\d\d-\d\dT[\d:]+[+-]\d\d:\d\d$/.test(line)) {
      continue; // capture timestamp under a "== cmd ==" header
    } else body.push(line);
  }
  flush();
  return out;
}

/** kubectl duration ("405d", "3h39m", "2d16h", "142m", "45s") in seconds. */
export function parseAge(age: string): number {
  let total = 0;
  for (const m of age.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * { d: 86400, h: 3600, m: 60, s: 1 }[m[2] as 'd'];
  return total;
}

const iso = (now: number, secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();

export function toNodes(nodesTable: string, top: string | null, now: number): NodeView[] {
  const usage = new Map((top ? parseTable(top) : []).map((r) => [r.NAME!, r]));
  return parseTable(nodesTable).map((r) => {
    const states = r.STATUS!.split(',');
    const u = usage.get(r.NAME!);
    return {
      name: r.NAME!,
      uid: r.NAME!,
      ready: states.includes('Ready') ? true : states.includes('NotReady') ? false : null,
      pressures: [],
      unschedulable: states.includes('SchedulingDisabled'),
      kubeletVersion: r.VERSION!,
      internalIP: r['INTERNAL-IP'] ?? null,
      roles: r.ROLES === '<none>' ? [] : r.ROLES!.split(','),
      cpuPercent: u ? Number(u['CPU(%)']!.replace('%', '')) : null,
      memoryPercent: u ? Number(u['MEMORY(%)']!.replace('%', '')) : null,
      createdAt: iso(now, parseAge(r.AGE!)),
    };
  });
}

export function toPods(table: string, now: number, namespace?: string): PodView[] {
  return parseTable(table).map((r) => {
    const restarts = /^(\d+)(?: \((.+) ago\))?$/.exec(r.RESTARTS!)!;
    return {
      namespace: r.NAMESPACE ?? namespace ?? 'default',
      name: r.NAME!,
      uid: `${r.NAMESPACE ?? namespace}/${r.NAME}`,
      phase: r.STATUS === 'Completed' ? 'Succeeded' : r.STATUS === 'Running' ? 'Running' : 'Unknown',
      displayStatus: r.STATUS!,
      ready: r.READY!,
      restarts: Number(restarts[1]),
      nodeName: r.NODE ?? null,
      createdAt: iso(now, parseAge(r.AGE!)),
      ownerKind: null,
      ownerName: null,
      lastRestartAt: restarts[2] ? iso(now, parseAge(restarts[2])) : null,
    };
  });
}

export function toApplications(table: string, namespace = 'argocd'): ApplicationView[] {
  return parseTable(table).map((r) => ({
    namespace,
    name: r.NAME!,
    syncStatus: r['SYNC STATUS']!,
    healthStatus: r['HEALTH STATUS']!,
    revision: r.REVISION ?? null,
    sourcePaths: [],
    repoURL: null,
    operationPhase: null,
  }));
}

const bool = (v: string | undefined) => (v === 'True' ? true : v === 'False' ? false : null);

export function toCertificates(table: string): CertificateView[] {
  return parseTable(table).map((r) => ({ namespace: r.NAMESPACE!, name: r.NAME!, ready: bool(r.READY), reason: null, notAfter: null }));
}

export function toExternalSecrets(table: string): ExternalSecretView[] {
  return parseTable(table).map((r) => ({ namespace: r.NAMESPACE!, name: r.NAME!, ready: bool(r.READY), reason: r.STATUS ?? null }));
}

export function toSecretStores(table: string): SecretStoreView[] {
  return parseTable(table).map((r) => ({ name: r.NAME!, ready: bool(r.READY), reason: r.STATUS ?? null }));
}
