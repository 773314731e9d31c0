import { z } from 'zod';
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

const categorySchema = z.enum(['platform', 'monitoring', 'core', 'apps', 'database']);

/**
 * One classification rule. A rule matches a package when one of `packages` matches the package
 * name or its last path segment (`supabase/postgres` → `postgres`), and a PR when one of `paths`
 * matches a changed file. Globs: `*` any run of characters, `?` one; case-insensitive; anchored.
 */
export const renovateRuleSchema = z
  .object({
    packages: z.array(z.string().min(1)).optional(),
    paths: z.array(z.string().min(1)).optional(),
    category: categorySchema,
    risk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
  })
  .refine((r) => (r.packages?.length ?? 0) + (r.paths?.length ?? 0) > 0, { message: 'a rule needs packages or paths' });

export type RenovateRule = z.infer<typeof renovateRuleSchema>;
export const renovateRulesSchema = z.array(renovateRuleSchema);

/** The default table; users' rules (from configuration) are consulted before it. */
export const DEFAULT_RULES: readonly RenovateRule[] = [
  {
    category: 'database',
    packages: [
      'postgres', 'postgresql', 'postgis', 'pgvector*', 'cloudnative-pg', 'cnpg', 'timescaledb*', 'mariadb', 'mysql',
      'percona*', 'mongo', 'mongodb', 'mongodb-*', 'redis', 'valkey', 'dragonfly', 'keydb', 'influxdb*', 'clickhouse',
      'cassandra', 'couchdb', 'cockroach*', 'etcd', 'qdrant', 'milvus', 'elasticsearch', 'opensearch',
    ],
  },
  {
    category: 'core',
    packages: [
      'argo-cd', 'argocd', 'argoproj/argocd', 'external-secrets', 'cert-manager', 'rook-ceph', 'rook-ceph-cluster', 'ceph',
      'cilium', 'ingress-nginx', 'metallb', 'traefik', 'kube-vip', 'coredns', 'longhorn', 'snapshot-controller',
      'sealed-secrets', 'k3s', 'rancher/k3s', 'system-upgrade-controller', 'csi-driver-*', 'democratic-csi', 'calico', 'flannel',
    ],
  },
  {
    category: 'monitoring',
    packages: [
      'grafana', 'kube-prometheus-stack', 'prometheus*', 'alertmanager', 'loki', 'promtail', 'alloy', 'tempo', 'mimir',
      'victoria-metrics*', 'kube-state-metrics', 'node-exporter', 'thanos', 'vector', 'fluent-bit', 'gatus', 'uptime-kuma',
    ],
  },
  {
    category: 'platform',
    packages: [
      'kured', 'cloudflared', 'renovate', 'external-dns', 'gitea', 'zot', '*kanidm*', 'dex', 'authelia', 'authentik',
      'volsync', 'reloader', 'descheduler', 'keda', 'tailscale*', 'node-feature-discovery', 'nvidia-device-plugin',
      'intel-device-plugin*', 'velero', 'kyverno', 'reflector',
    ],
  },
  { category: 'apps', packages: ['app-template', 'common', 'bjw-s*'] },
];

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

const cache = new Map<string, RegExp>();
function globMatch(glob: string, text: string): boolean {
  let re = cache.get(glob);
  if (!re) cache.set(glob, (re = globToRegExp(glob)));
  return re.test(text);
}

export function ruleMatchesPackage(rule: RenovateRule, name: string): boolean {
  const last = name.split('/').pop() ?? name;
  return (rule.packages ?? []).some((g) => globMatch(g, name) || globMatch(g, last));
}

export function ruleMatchesPath(rule: RenovateRule, file: string): boolean {
  return (rule.paths ?? []).some((g) => globMatch(g, file));
}

/** The first rule (user rules first, then the defaults) naming this package. */
export function ruleForPackage(rules: readonly RenovateRule[], name: string): RenovateRule | null {
  return rules.find((r) => ruleMatchesPackage(r, name)) ?? null;
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
