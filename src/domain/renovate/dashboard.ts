/** One checkbox of Renovate's Dependency Dashboard. */
export interface DashboardEntry {
  /** The `## …` section (`Open`, `PR Closed (Blocked)`), or '' for a bare list of lines. */
  section: string;
  /** A `### …` dependencyDashboardCategory subheading, or null. */
  subsection: string | null;
  /** The item's text without markup: the PR title or update description. */
  text: string;
  checked: boolean;
  /** The marker's action (`rebase`, `recreate`, `approve`, `unschedule` …), or the bulk box's name. */
  action: string | null;
  branch: string | null;
  pr: number | null;
  /** Packages listed after a group's title (`argo-cd`, `cert-manager`, …). */
  packages: string[];
  /** A bulk box (`rebase-all-open-prs`, `approve-all-pending-prs` …) rather than one update. */
  bulk: boolean;
  /** 1-based line in the body. */
  line: number;
}

export interface DependencyDashboard {
  /** Section titles in body order (only non-empty sections are written by Renovate). */
  sections: string[];
  entries: DashboardEntry[];
  /** `Repository Problems` lines (`WARN: Package lookup failures`). */
  problems: string[];
  /** Lookup-failure and other `> ⚠️ **Warning**` blocks, one string each. */
  warnings: string[];
  noPendingBranches: boolean;
}

export const DASHBOARD_TITLE = 'Dependency Dashboard';

const CHECKBOX = /^\s*[-*] \[( |x|X)\]\s+(.*)$/;
const BRANCH_MARKER = /^<!--\s*([a-zA-Z]+)-branch=(\S+)\s*-->\s*/;
const BULK_MARKER = /^<!--\s*([\w-]+)\s*-->\s*/;

function entryText(raw: string): { text: string; pr: number | null; packages: string[] } {
  let s = raw.trim();
  let pr: number | null = null;
  const link = /^\[([^\]]+)\]\(([^)]*)\)/.exec(s);
  let title: string;
  if (link) {
    title = link[1]!;
    const n = /(?:pulls?|issues)\/(\d+)\s*$/.exec(link[2]!);
    if (n) pr = Number(n[1]);
    s = s.slice(link[0].length).trim();
  } else {
    const paren = s.indexOf(' (`');
    title = paren >= 0 ? s.slice(0, paren) : s;
    s = paren >= 0 ? s.slice(paren).trim() : '';
  }
  const packages = /^\((.*)\)$/.test(s) ? [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : [];
  return { text: title.replace(/\*\*/g, '').replace(/🔐/gu, '').trim(), pr, packages };
}

/**
 * Parses a Dependency Dashboard body (or a grep of its checkbox lines). Read-only: the console
 * shows these items and never ticks, edits or closes the dashboard.
 */
export function parseDependencyDashboard(body: string): DependencyDashboard {
  const lines = body.split(/\r?\n/);
  const sections: string[] = [];
  const entries: DashboardEntry[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  let section = '';
  let subsection: string | null = null;
  let warning: string[] | null = null;
  const flushWarning = () => {
    if (warning?.length) warnings.push(warning.join(' ').replace(/\s+/g, ' ').trim());
    warning = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h2 = /^## (.+?)\s*$/.exec(line);
    if (h2) {
      flushWarning();
      section = h2[1]!;
      subsection = null;
      sections.push(section);
      continue;
    }
    const h3 = /^### (.+?)\s*$/.exec(line);
    if (h3 && section !== 'Detected Dependencies') {
      subsection = h3[1]!;
      continue;
    }
    if (section === 'Detected Dependencies') continue;
    if (/^>\s*(?:⚠️|:warning:)\s*\*\*Warning\*\*/u.test(line)) {
      flushWarning();
      warning = [];
      continue;
    }
    if (warning) {
      if (/^>/.test(line)) {
        const t = line.replace(/^>\s?/, '').trim();
        if (t) warning.push(t);
        continue;
      }
      flushWarning();
    }
    const box = CHECKBOX.exec(line);
    if (box) {
      const checked = box[1] !== ' ';
      let rest = box[2]!;
      let action: string | null = null;
      let branch: string | null = null;
      let bulk = false;
      const bm = BRANCH_MARKER.exec(rest);
      if (bm) {
        action = bm[1]!;
        branch = bm[2]!;
        rest = rest.slice(bm[0].length);
      } else {
        const km = BULK_MARKER.exec(rest);
        if (km) {
          action = km[1]!;
          bulk = true;
          rest = rest.slice(km[0].length);
        }
      }
      const { text, pr, packages } = entryText(rest);
      entries.push({ section, subsection, text, checked, action, branch, pr, packages, bulk, line: i + 1 });
      continue;
    }
    if (section === 'Repository Problems') {
      const p = /^\s*- (.+)$/.exec(line);
      if (p) problems.push(p[1]!.replace(/^⚠️\s*/u, '').trim());
    }
  }
  flushWarning();
  return {
    sections,
    entries,
    problems,
    warnings,
    noPendingBranches: body.includes('This repository currently has no open or pending branches.'),
  };
}

/** The open (unticked, per-update) items: what the Renovate pane lists. */
export function openDashboardItems(d: DependencyDashboard): DashboardEntry[] {
  return d.entries.filter((e) => !e.bulk && !e.checked);
}

interface IssueLike {
  number?: unknown;
  title?: unknown;
  state?: unknown;
  pull_request?: unknown;
}

/** The open issue titled exactly like Renovate's dashboard (how Renovate itself finds it). */
export function findDashboardIssue<T extends IssueLike>(issues: readonly T[], title = DASHBOARD_TITLE): T | null {
  return issues.find((i) => i.title === title && (i.state === undefined || i.state === 'open') && !i.pull_request) ?? null;
}
