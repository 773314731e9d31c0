import { intFlag, parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { LIVE_OPTIONS, fetchIssue, giteaFailure, issueSelector, normaliseIssueFlag, openGitea } from '../gitea-live.js';
import { EXIT_CODES } from '../../domain/health/grade.js';
import { formatGate } from '../../domain/health/format.js';
import { analyseCached } from '../../domain/issue/parse.js';
import { addProposalsEdit, proposeItems, renderProposal, type Proposal } from '../../domain/recon/propose.js';
import { appendChangeLogRow } from '../../domain/issue/edits/change-log-edit.js';
import { composeEdits, optionalEdit } from '../../domain/issue/edits/compose.js';
import { writeBodyEdit } from '../../services/gitea/body-writer.js';
import { editModeForVersion } from '../../services/gitea/edit-mode.js';
import { runRecon, type ReconReport } from '../../services/recon/recon.js';
import { alertSourceFor, cephSourceFor, checkCephConf, kubeConfigFailure, thresholdsOf } from './gate.js';
import { openContext, type CliContext } from '../context.js';
import { writeJson, writeOut } from '../output.js';

const USAGE = `usage: homelab-console recon [--json] [--context NAME] [--ceph-conf FILE] [--timeout SECONDS] [--cert-days N]
                             [--issue [N] [--add all|ID,ID…]]

The full recon (workflow 3.3): the four layers with Ceph and Alertmanager's alerts, ArgoCD drift
detail (status.resources and conditions), certificates expiring within --cert-days (default 14,
YELLOW), ExternalSecrets not synced, node CPU/memory/pressure against the thresholds.
Exit code: 0 GREEN, 1 YELLOW, 2 RED, 3 UNKNOWN.

  --json            { overall, layers, findings[], proposals[] }
  --issue [N]       also propose action items for findings no open item of the issue covers (3.4)
  --add all|IDs     add those proposals to the issue (conflict-safe edit, with a Change Log row)

Live mode flags (--repo, --url, --token, --login, --config) as for 'edit'. A mistyped flag, a bad
config file or a failure to read the issue is UNKNOWN (exit 3, one line).`;

const OPTIONS = {
  json: { type: 'boolean' },
  context: { type: 'string' },
  'ceph-conf': { type: 'string' },
  'cert-days': { type: 'string' },
  add: { type: 'string' },
  ...LIVE_OPTIONS,
} as const;

export interface ReconFlags {
  context?: string;
  'ceph-conf'?: string;
  timeout?: string;
  'cert-days'?: string;
}

/** One full recon from the command-line flags and the config file. */
export async function reconFromFlags(ctx: CliContext, values: ReconFlags): Promise<ReconReport> {
  const name = ctx.command;
  const timeoutS = intFlag(name, 'timeout', values.timeout);
  if (timeoutS === 0) throw new UsageError(`${name}: --timeout must be at least 1 second`);
  const certDays = intFlag(name, 'cert-days', values['cert-days']);
  checkCephConf(name, values['ceph-conf']);
  const { config } = ctx;
  const kube = ctx.kube(values.context);
  // --cert-days is the window of the gate's grading too, so recon and its gate agree.
  const thresholds = { ...thresholdsOf(config), ...(certDays !== undefined ? { certExpiryWarnDays: certDays } : {}) };
  try {
    return await runRecon({
      context: kube.context,
      env: kube.env,
      thresholds,
      ceph: await cephSourceFor(ctx, values['ceph-conf']),
      alerts: await alertSourceFor(config),
      deadlineMs: (timeoutS ?? 20) * 1000,
      certWarnDays: thresholds.certExpiryWarnDays ?? 14,
    });
  } catch (err) {
    kubeConfigFailure(name, err, kube.fromFlag);
  }
}

export function formatFindings(report: ReconReport): string {
  const lines = [`recon     ${report.overall}  (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'})`];
  for (const f of report.findings) {
    lines.push(`  ${f.status.padEnd(7)} ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}  ${f.reason}`);
    for (const d of f.detail.slice(0, 8)) lines.push(`            ${d}`);
  }
  return lines.join('\n') + '\n';
}

function choose(proposals: Proposal[], add: string): Proposal[] {
  if (add === 'all') return proposals;
  const ids = add
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = ids.filter((id) => !proposals.some((p) => p.id.toUpperCase() === id));
  if (unknown.length) throw new UsageError(`recon: --add: no proposal ${unknown.join(', ')} (have: ${proposals.map((p) => p.id).join(', ') || 'none'})`);
  return proposals.filter((p) => ids.includes(p.id.toUpperCase()));
}

const command: CommandModule = {
  errorExitCode: EXIT_CODES.UNKNOWN,
  summary: 'full recon: layers, Ceph, alerts, drift, expiring certs; --issue proposes items for new findings',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('recon', normaliseIssueFlag(argv), OPTIONS);
    if (values.add !== undefined && values.issue === undefined) throw new UsageError('recon: --add goes with --issue');
    const ctx = openContext('recon', values);
    const which = values.issue !== undefined ? issueSelector('recon', values.issue) : null;
    const report = await reconFromFlags(ctx, values);
    let proposals: Proposal[] = [];
    let added: string[] = [];
    if (which !== null) {
      const client = await openGitea(ctx, values, which);
      try {
        const issue = await fetchIssue(client, which, ctx.config.gitea.maintenanceLabel);
        proposals = proposeItems(report.findings, analyseCached(issue.body).document.items);
        if (values.add !== undefined && proposals.length > 0) {
          const chosen = choose(proposals, values.add);
          const date = report.at.slice(0, 10);
          const edit = composeEdits('add recon findings', [
            addProposalsEdit(chosen, date),
            optionalEdit(
              appendChangeLogRow({
                stamp: { at: new Date(report.at), timeZone: 'UTC' },
                action: `Recon: added ${chosen.map((p) => p.id).join(', ')}`,
                result: `${chosen.length} finding(s) became items`,
                phase: 'Recon',
              }),
            ),
          ]);
          const version = await client.serverVersion();
          const mode = editModeForVersion(version) === 'content-version' && issue.content_version !== undefined ? 'content-version' : 'last-writer-wins';
          const result = await writeBodyEdit(client, issue.number, edit, { mode });
          if (result.outcome === 'conflict') throw new UserError(`recon: #${issue.number}: ${result.conflict}; nothing was overwritten`, 4);
          added = chosen.map((p) => p.id);
        }
      } catch (err) {
        if (err instanceof UserError || err instanceof UsageError) throw err;
        giteaFailure('recon', err);
      } finally {
        await client.close();
      }
    }
    if (values.json) {
      const out = {
        overall: report.overall,
        layers: report.gate.layers,
        findings: report.findings,
        proposals: proposals.map((p) => ({ id: p.id, priority: p.priority, layer: p.layer, finding: p.finding.key, ...p.remedy })),
        added,
        gradedAt: report.at,
      };
      writeJson(out);
    } else {
      let text = formatGate(report.gate) + formatFindings(report);
      if (values.issue !== undefined) {
        text += proposals.length
          ? `\nproposed items (${proposals.length}):\n${proposals.map((p) => renderProposal(p)).join('\n\n')}\n`
          : '\nno new items: every finding is covered by an open item\n';
        if (added.length) text += `\nadded ${added.join(', ')} to the issue\n`;
      }
      writeOut(text);
    }
    return EXIT_CODES[report.overall];
  },
};
export default command;
