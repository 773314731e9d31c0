import type { RenovateCategory, Risk } from './types.js';

/** The workflow's merge order (safest first). */
export const CATEGORY_ORDER: Record<RenovateCategory, number> = {
  'non-major': 1,
  platform: 2,
  monitoring: 3,
  core: 4,
  apps: 5,
  database: 6,
};

/** Base risk of a category before a major update raises it. */
export const CATEGORY_RISK: Record<RenovateCategory, Risk> = {
  'non-major': 'LOW',
  platform: 'LOW',
  monitoring: 'MEDIUM',
  core: 'HIGH',
  apps: 'MEDIUM',
  database: 'CRITICAL',
};

/** The category of a package no rule names. */
export const FALLBACK_CATEGORY: RenovateCategory = 'apps';

export const RISKS: readonly Risk[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/**
 * One classification rule (the default table below, and `renovate.extraRules` in the config file,
 * which are consulted first). A rule matches a package when its `match` regex (case-insensitive)
 * finds the package name, or one of its `packages` globs matches the name or its last path segment
 * (`supabase/postgres` → `postgres`). `match` is also tried on the PR title, and `paths` globs on the
 * PR's changed files. Globs: `*` any run of characters, `?` one; case-insensitive; anchored.
 * The first matching rule with a category decides the category; the first with a risk, the risk.
 */
export interface RenovateRule {
  match?: string;
  packages?: readonly string[];
  paths?: readonly string[];
  category?: RenovateCategory;
  risk?: Risk;
}

/** The default table; users' rules (from configuration) are consulted before it. */
export const DEFAULT_RULES: readonly RenovateRule[] = [
  {
    category: 'database',
    packages: [
      'postgres',
      'postgresql',
      'postgis',
      'pgvector*',
      'cloudnative-pg',
      'cnpg',
      'timescaledb*',
      'mariadb',
      'mysql',
      'percona*',
      'mongo',
      'mongodb',
      'mongodb-*',
      'redis',
      'valkey',
      'dragonfly',
      'keydb',
      'influxdb*',
      'clickhouse',
      'cassandra',
      'couchdb',
      'cockroach*',
      'etcd',
      'qdrant',
      'milvus',
      'elasticsearch',
      'opensearch',
    ],
  },
  {
    category: 'core',
    packages: [
      'argo-cd',
      'argocd',
      'argoproj/argocd',
      'external-secrets',
      'cert-manager',
      'rook-ceph',
      'rook-ceph-cluster',
      'ceph',
      'cilium',
      'ingress-nginx',
      'metallb',
      'traefik',
      'kube-vip',
      'coredns',
      'longhorn',
      'snapshot-controller',
      'sealed-secrets',
      'k3s',
      'rancher/k3s',
      'system-upgrade-controller',
      'csi-driver-*',
      'democratic-csi',
      'calico',
      'flannel',
    ],
  },
  {
    category: 'monitoring',
    packages: [
      'grafana',
      'kube-prometheus-stack',
      'prometheus*',
      'alertmanager',
      'loki',
      'promtail',
      'alloy',
      'tempo',
      'mimir',
      'victoria-metrics*',
      'kube-state-metrics',
      'node-exporter',
      'thanos',
      'vector',
      'fluent-bit',
      'gatus',
      'uptime-kuma',
    ],
  },
  {
    category: 'platform',
    packages: [
      'kured',
      'cloudflared',
      'renovate',
      'external-dns',
      'gitea',
      'zot',
      '*kanidm*',
      'dex',
      'authelia',
      'authentik',
      'volsync',
      'reloader',
      'descheduler',
      'keda',
      'tailscale*',
      'node-feature-discovery',
      'nvidia-device-plugin',
      'intel-device-plugin*',
      'velero',
      'kyverno',
      'reflector',
    ],
  },
  { category: 'apps', packages: ['app-template', 'common', 'bjw-s*'] },
];

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

const cache = new Map<string, RegExp>();
function globMatch(glob: string, text: string): boolean {
  let re = cache.get(glob);
  if (!re) cache.set(glob, (re = globToRegExp(glob)));
  return re.test(text);
}

const regexCache = new Map<string, RegExp>();
function regexFor(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) regexCache.set(source, (re = new RegExp(source, 'i')));
  return re;
}

/** Problems with users' rules (a `match` that is not a valid regex, a rule that matches nothing). */
export function ruleProblems(rules: readonly RenovateRule[]): string[] {
  const problems: string[] = [];
  rules.forEach((r, i) => {
    if (r.match !== undefined) {
      try {
        regexFor(r.match);
      } catch (err) {
        problems.push(`renovate rule ${i + 1}: match '${r.match}' is not a valid regular expression (${(err as Error).message})`);
      }
    }
    if (!r.match && !r.packages?.length && !r.paths?.length) problems.push(`renovate rule ${i + 1}: needs match, packages or paths`);
    if (!r.category && !r.risk) problems.push(`renovate rule ${i + 1}: sets neither category nor risk`);
  });
  return problems;
}

export function ruleMatchesPackage(rule: RenovateRule, name: string): boolean {
  if (rule.match !== undefined && regexFor(rule.match).test(name)) return true;
  const last = name.split('/').pop() ?? name;
  return (rule.packages ?? []).some((g) => globMatch(g, name) || globMatch(g, last));
}

export function ruleMatchesTitle(rule: RenovateRule, title: string): boolean {
  return rule.match !== undefined && regexFor(rule.match).test(title);
}

export function ruleMatchesPath(rule: RenovateRule, file: string): boolean {
  return (rule.paths ?? []).some((g) => globMatch(g, file));
}

/** What the rules say about one package: its category (fallback apps) and risk before a major raise. */
export function judgePackage(rules: readonly RenovateRule[], name: string): { category: RenovateCategory; risk: Risk } {
  let category: RenovateCategory | undefined;
  let risk: Risk | undefined;
  for (const r of rules) {
    if (!ruleMatchesPackage(r, name)) continue;
    // A package is never a bundle; a rule saying 'non-major' only speaks to PR titles.
    if (!category && r.category && r.category !== 'non-major') category = r.category;
    if (!risk && r.risk) risk = r.risk;
    if (category && risk) break;
  }
  const cat = category ?? FALLBACK_CATEGORY;
  return { category: cat, risk: risk ?? CATEGORY_RISK[cat] };
}

/** Rules in the order they are consulted: the user's extra rules, then the default table. */
export function effectiveRules(extra: readonly RenovateRule[] = []): RenovateRule[] {
  return [...extra, ...DEFAULT_RULES];
}

export function raiseRisk(risk: Risk, steps = 1): Risk {
  return RISKS[Math.min(RISKS.length - 1, RISKS.indexOf(risk) + steps)]!;
}

export function maxRisk(a: Risk, b: Risk): Risk {
  return RISKS.indexOf(a) >= RISKS.indexOf(b) ? a : b;
}
