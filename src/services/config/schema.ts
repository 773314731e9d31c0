import { z } from 'zod';

/**
 * The XDG config file (`$XDG_CONFIG_HOME/homelab-console/config.yaml`). Every section is optional
 * and every field has a default, so the demo and a first run need no file at all. Sections are owned
 * by the areas they configure; add fields additively (never rename or remove one).
 */

const repoName = z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected owner/name');

export const giteaSection = z
  .object({
    /** Base URL, e.g. https://gitea.example.lan (GITEA_URL overrides). */
    url: z.string().url().optional(),
    /** The homelab repository, owner/name. */
    repo: repoName.optional(),
    /** File holding the API token (GITEA_TOKEN overrides); never the token itself in this file. */
    tokenFile: z.string().min(1).optional(),
    /** A PEM file of CA certificates to trust for this Gitea (a self-signed or private CA). */
    caFile: z.string().min(1).optional(),
    /** Skip TLS certificate verification, as tea's `insecure: true` does (prefer caFile). */
    insecure: z.boolean().default(false),
    /** Label that marks maintenance issues. */
    maintenanceLabel: z.string().min(1).default('maintenance'),
    /** Seconds between polls of the PR queue; the issue is polled every min(this, 4) s (a cheap `since` list). */
    pollSeconds: z.number().int().min(2).max(3600).default(15),
  })
  .strict();

export const kubeContextSection = z.object({ readOnly: z.boolean().default(false) }).strict();

export const kubeSection = z
  .object({
    /** kubeconfig path; default KUBECONFIG or ~/.kube/config. */
    kubeconfig: z.string().min(1).optional(),
    /** Context to use; default the kubeconfig's current context. */
    context: z.string().min(1).optional(),
    /** Per-context settings, like k9s: `contexts: { prod: { readOnly: true } }`. */
    contexts: z.record(z.string(), kubeContextSection).default({}),
    /** Milliseconds between store flushes of watch events (batches reach React together). */
    batchMs: z.number().int().min(16).max(5000).default(150),
  })
  .strict();

export const cephSection = z
  .object({
    /** How `ceph` runs: exec into the toolbox pod, a local binary, or over SSH on the controller. */
    executor: z.enum(['kube-exec', 'local', 'ssh']).default('kube-exec'),
    namespace: z.string().min(1).default('rook-ceph'),
    deployment: z.string().min(1).default('rook-ceph-tools'),
    /** For executor=local: path to ceph.conf. */
    conf: z.string().min(1).optional(),
    /** Seconds between `ceph status` polls. */
    intervalSeconds: z.number().int().min(2).max(3600).default(10),
  })
  .strict();

export const healthSection = z
  .object({
    nodeCpuPercentWarn: z.number().min(1).max(100).optional(),
    nodeMemoryPercentWarn: z.number().min(1).max(100).optional(),
    podPendingSecondsWarn: z.number().int().min(0).optional(),
    podRestartsWarn: z.number().int().min(0).optional(),
    kubeletMinorSkew: z.number().int().min(0).optional(),
    excludeNamespaces: z.array(z.string().min(1)).optional(),
    /** Ready certificates expiring within this many days are YELLOW in the gate (default 14). */
    certExpiryWarnDays: z.number().int().min(0).max(365).optional(),
  })
  .strict();

export const alertsSection = z
  .object({
    /** Read Alertmanager's firing alerts into Platform (critical RED, warning YELLOW). */
    enabled: z.boolean().default(true),
    /** A direct Alertmanager base URL; without it the API server's service proxy is used. */
    url: z.string().url().optional(),
    namespace: z.string().min(1).default('monitoring-system'),
    service: z.string().min(1).default('alertmanager-operated'),
    /** The Service's port, by number or name. */
    port: z.string().min(1).default('9093'),
    /** Seconds between reads in a live session. */
    intervalSeconds: z.number().int().min(2).max(3600).default(30),
  })
  .strict();

export const renovateRule = z
  .object({
    /** Regex on the package name or PR title. */
    match: z.string().min(1),
    category: z.enum(['non-major', 'platform', 'monitoring', 'core', 'apps', 'database']).optional(),
    risk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
  })
  .strict();

export const renovateSection = z
  .object({
    /** The bot's login; PRs by it (or on renovate/ branches) are queued. */
    botLogin: z.string().min(1).default('renovate'),
    extraRules: z.array(renovateRule).default([]),
    /** How long a merged PR's Applications get to be Synced and Healthy (the workflow's 5-minute limit). */
    syncTimeoutSeconds: z.number().int().min(10).max(3600).default(300),
  })
  .strict();

/** Upgrade protocols (workflow Phases 5–7): the stabilisation window and where backups go and are restore-checked. */
export const upgradeSection = z
  .object({
    /** Gate 3's window after a HIGH or CRITICAL upgrade; the next major waits for it. */
    stabiliseMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(30),
    /** Where database backups are written (default: $XDG_STATE_HOME/homelab-console/backups). */
    backupDir: z.string().min(1).optional(),
    /** Scratch instances a backup is restored into to compare row/key counts (6.1 step 3). */
    scratch: z
      .object({
        postgresql: z
          .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(5432), user: z.string().min(1).default('postgres') })
          .strict()
          .optional(),
        /** A local redis-server loads the RDB on a free loopback port. */
        redis: z
          .object({ server: z.string().min(1).default('redis-server') })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const sshSection = z
  .object({
    controller: z
      .object({
        /** A host name or an ssh_config alias: resolved through `ssh -G` like ssh does. */
        host: z.string().min(1),
        /** Default: the ssh_config's User for the host, else the local user. */
        user: z.string().min(1).optional(),
        /** Default: the ssh_config's Port for the host, else 22. */
        port: z.number().int().min(1).max(65535).optional(),
        /** Private key path; else the ssh_config's IdentityFile, the agent (SSH_AUTH_SOCK), ~/.ssh/id_*. */
        key: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** known_hosts file; host keys are always verified. */
    knownHosts: z.string().min(1).optional(),
    /** The ssh_config file `ssh -G` resolves hosts through (default: ssh's own, ~/.ssh/config). */
    configFile: z.string().min(1).optional(),
  })
  .strict();

export const uiSection = z
  .object({
    /** `mono` drops colour (NO_COLOR does the same); status is always glyph + word. */
    theme: z.enum(['color', 'mono']).default('color'),
    /** Below this many columns the compact (side-pane) layout is used. */
    compactBelowColumns: z.number().int().min(40).max(400).default(100),
    /** Spinners on long waits animate; false holds them on one frame (a slow link, a screen reader). */
    animate: z.boolean().default(true),
  })
  .strict();

/** Key overrides: command name → list of keys (`"ctrl+f"`, `"pagedown"`, `"j"`). */
export const keysSection = z.record(z.string(), z.array(z.string().min(1)).min(1)).default({});

export const configSchema = z
  .object({
    gitea: giteaSection.default(() => giteaSection.parse({})),
    kube: kubeSection.default(() => kubeSection.parse({})),
    ceph: cephSection.default(() => cephSection.parse({})),
    health: healthSection.default({}),
    alerts: alertsSection.default(() => alertsSection.parse({})),
    renovate: renovateSection.default(() => renovateSection.parse({})),
    upgrade: upgradeSection.default(() => upgradeSection.parse({})),
    ssh: sshSection.default({}),
    ui: uiSection.default(() => uiSection.parse({})),
    keys: keysSection,
  })
  .strict();

export type ConsoleConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** The configuration used when there is no file (the demo, a first run). */
export function defaultConfig(): ConsoleConfig {
  return configSchema.parse({});
}
