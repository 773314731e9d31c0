import type { ApplicationView } from '../health/types.js';
import { affectedApplications } from './affected-apps.js';
import type { PrInput } from './pr-input.js';
import { recognise } from './renovate-pr.js';
import {
  CATEGORY_ORDER,
  CATEGORY_RISK,
  FALLBACK_CATEGORY,
  effectiveRules,
  maxRisk,
  judgePackage,
  raiseRisk,
  ruleMatchesPath,
  ruleMatchesTitle,
  type RenovateRule,
} from './rules.js';
import { parseRenovateTitle, titleSaysMajor, type RenovateTitle } from './title.js';
import type { CiState, PackageUpdate, QueueEntry, RenovateCategory, Risk, UpdateType } from './types.js';
import { parseUpdateTable } from './update-table.js';
import { highestUpdateType } from './versions.js';

export interface ClassifyOptions {
  /** Extra rules from configuration, consulted before the default table. */
  rules?: readonly RenovateRule[];
  /** The PR's changed files (GET /pulls/{n}/files); null/absent when not fetched. */
  files?: readonly string[] | null;
  apps?: readonly ApplicationView[];
  /** `owner/name` of the GitOps repository, to ignore Applications sourced elsewhere. */
  repo?: string;
  ci?: CiState;
  branchPrefix?: string;
  now?: Date;
}

interface Member {
  label: string;
  category: RenovateCategory;
  risk: Risk;
  major: boolean;
}

const LABEL_TYPES = new Set<UpdateType>(['major', 'minor', 'patch']);

/** The PR-wide update type when the table cannot settle it: labels, then the title, else major. */
function fallbackUpdateType(pr: PrInput, title: RenovateTitle | null): UpdateType {
  const labelled = pr.labels.map((l) => l.toLowerCase()).filter((l): l is UpdateType => LABEL_TYPES.has(l as UpdateType));
  if (labelled.length) return highestUpdateType(labelled);
  if (title) {
    if (titleSaysMajor(title) === true) return 'major';
    if (title.tag) return title.tag;
    if (title.nonMajorGroup) return 'minor';
    if (title.action === 'pin') return 'pin';
    if (/\bdigest\b/i.test(pr.title) && title.to && /^[0-9a-f]{7,}$/i.test(title.to)) return 'digest';
  }
  return 'major';
}

export function isNonMajorBundle(pr: PrInput, title: RenovateTitle | null, branchPrefix = 'renovate/'): boolean {
  return (title?.nonMajorGroup ?? false) || pr.headBranch === `${branchPrefix}all-minor-patch`;
}

export function classifyPr(pr: PrInput, opts: ClassifyOptions = {}): QueueEntry {
  const rules = effectiveRules(opts.rules);
  const branchPrefix = opts.branchPrefix ?? 'renovate/';
  const rec = recognise(pr, { branchPrefix });
  const title = parseRenovateTitle(pr.title);
  const rows = pr.body ? parseUpdateTable(pr.body) : [];
  const fallback = rec.renovate ? fallbackUpdateType(pr, title) : 'unknown';

  let packages: PackageUpdate[] = rows.map(({ name, from, to, updateType }) => ({ name, from, to, updateType }));
  if (packages.length === 0 && title?.depName) {
    packages = [{ name: title.depName, from: null, to: title.to, updateType: 'unknown' }];
  }
  // A row whose type neither the Update column nor the versions settle takes the PR-wide fallback.
  packages = packages.map((p) => (p.updateType === 'unknown' ? { ...p, updateType: fallback } : p));
  const updateType = packages.length ? highestUpdateType(packages.map((p) => p.updateType)) : fallback;

  const members: Member[] = packages.map((p) => {
    const { category, risk: base } = judgePackage(rules, p.name);
    const major = rec.renovate && p.updateType === 'major';
    return { label: p.name, category, risk: major ? raiseRisk(base) : base, major };
  });
  // Rules on changed files and on the title add members of their own; a title rule saying
  // 'non-major' marks a bundle, and a title rule's risk is a floor for the whole PR.
  const files = opts.files ?? null;
  const prMajor = rec.renovate && updateType === 'major';
  let titleBundle = false;
  let riskFloor: Risk = 'LOW';
  for (const rule of rules) {
    const hit = files?.find((f) => ruleMatchesPath(rule, f));
    if (hit && rule.category && rule.category !== 'non-major') {
      const base = rule.risk ?? CATEGORY_RISK[rule.category];
      members.push({ label: hit, category: rule.category, risk: prMajor ? raiseRisk(base) : base, major: prMajor });
    }
    if (!ruleMatchesTitle(rule, pr.title)) continue;
    if (rule.category === 'non-major') titleBundle = true;
    else if (rule.category) {
      const base = rule.risk ?? CATEGORY_RISK[rule.category];
      members.push({ label: `title /${rule.match}/`, category: rule.category, risk: prMajor ? raiseRisk(base) : base, major: prMajor });
    }
    if (rule.risk) riskFloor = maxRisk(riskFloor, rule.risk);
  }

  const bundle = rec.renovate && (titleBundle || isNonMajorBundle(pr, title, branchPrefix));
  let category: RenovateCategory;
  let risk: Risk;
  const reasons: string[] = [];
  if (bundle) {
    category = 'non-major';
    risk = members.reduce<Risk>((r, m) => maxRisk(r, m.risk), CATEGORY_RISK['non-major']);
    if (packages.length) reasons.push(`non-major bundle of ${packages.length} package${packages.length === 1 ? '' : 's'}`);
    else {
      // Without the update table the bundle's contents are unknown; do not call it LOW.
      risk = maxRisk(risk, 'MEDIUM');
      reasons.push('non-major bundle; contents unknown (no update table in the body) → MEDIUM');
    }
  } else if (members.length) {
    category = members.reduce((c, m) => (CATEGORY_ORDER[m.category] > CATEGORY_ORDER[c] ? m.category : c), members[0]!.category);
    risk = members.reduce<Risk>((r, m) => maxRisk(r, m.risk), 'LOW');
  } else {
    category = FALLBACK_CATEGORY;
    risk = prMajor ? raiseRisk(CATEGORY_RISK[category]) : CATEGORY_RISK[category];
    reasons.push('no package named in the body or title');
  }
  if (maxRisk(risk, riskFloor) !== risk) {
    risk = riskFloor;
    reasons.push(`a configured rule matching the title sets risk ${riskFloor}`);
  }
  const containsDatabase = members.some((m) => m.category === 'database');
  const containsCore = members.some((m) => m.category === 'core');
  const riskiest = members.filter((m) => m.risk === risk);
  for (const m of riskiest.slice(0, 3)) reasons.push(`${m.label}: ${m.category}${m.major ? ', major update raises risk' : ''} → ${m.risk}`);
  if (riskiest.length > 3) reasons.push(`… and ${riskiest.length - 3} more at ${risk}`);
  if (bundle && (containsDatabase || containsCore)) {
    reasons.push(`bundle contains ${[containsDatabase && 'database', containsCore && 'core'].filter(Boolean).join(' and ')} packages`);
  }

  const now = opts.now ?? new Date();
  const created = pr.createdAt ? Date.parse(pr.createdAt) : NaN;
  return {
    number: pr.number,
    title: pr.title,
    renovate: rec.renovate,
    category,
    order: CATEGORY_ORDER[category],
    risk,
    updateType,
    containsDatabase,
    containsCore,
    packages,
    mergeable: pr.mergeable,
    draft: pr.draft,
    ci: opts.ci ?? 'unknown',
    headSha: pr.headSha,
    headBranch: pr.headBranch,
    createdAt: pr.createdAt,
    ageDays: Number.isNaN(created) ? null : Math.max(0, Math.floor((now.getTime() - created) / 86_400_000)),
    affectedApps: files && opts.apps ? affectedApplications(files, opts.apps, opts.repo) : [],
    htmlUrl: pr.htmlUrl,
    author: pr.author,
    excluded: rec.renovate ? rec.excluded : 'not a Renovate PR',
    reasons,
    changedFiles: files ? [...files] : null,
  };
}
