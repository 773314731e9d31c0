import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { LIVE_OPTIONS, fetchIssue, giteaFailure, issueSelector, normaliseIssueFlag, openGitea } from '../gitea-live.js';
import { closureBlockers } from '../../domain/closure/blockers.js';
import { hasClosureSummary, prependClosureSummary } from '../../domain/closure/edit.js';
import { renderClosureSummary } from '../../domain/closure/summary.js';
import { closedByName, closureFacts, windowActivity } from '../../services/closure/facts.js';
import { appendChangeLogRow } from '../../domain/issue/edits/change-log-edit.js';
import { fillClosure, type ClosureFill } from '../../domain/issue/edits/closure-edit.js';
import { composeEdits, optionalEdit } from '../../domain/issue/edits/compose.js';
import { resolvedTitle } from '../../domain/issue/edits/title.js';
import { analyseCached } from '../../domain/issue/parse.js';
import { remainingSteps, runClosurePlan } from '../../services/closure/close-issue.js';
import { editModeForVersion } from '../../services/gitea/edit-mode.js';
import { thresholdsOf } from './gate.js';
import { openContext } from '../context.js';
import { reconFromFlags } from './recon.js';
import { writeOut } from '../output.js';

const USAGE = `usage: homelab-console close [--issue [N]] [--dry-run] [--json] [--confirm N] [--lesson TEXT]…
                             [--context NAME] [--ceph-conf FILE] [--timeout SECONDS] [--cert-days N]

Closes the maintenance issue the way the workflow says (4.4–4.6): the exhaustive closure summary at
the top of the body, the Closure section filled, the title '[RESOLVED] …', the issue closed — body,
title, state, in that order. Allowed only when every action item is done or deferred and the final
recon is GREEN; otherwise exit 1 naming what still stands.

  --dry-run         print the title and body it would write (the default without --confirm)
  --confirm N       apply it; N must be the issue's number (the typed challenge)
  --json            { allowed, blockers[], title, body, steps[] }
  --lesson TEXT     a Lessons Learned entry (repeat for more)

A run cut off between writes is finished by running 'close --confirm N' again: the summary is found
by its marker and never written twice. Exit 0 done (or allowed, for --dry-run), 1 not allowed,
2 bad arguments, 4 a conflicting edit stopped it (nothing overwritten).

Live mode flags (--issue N|#N|URL, --repo, --url, --token, --login, --config) as for 'edit'.`;

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  confirm: { type: 'string' },
  lesson: { type: 'string', multiple: true },
  context: { type: 'string' },
  'ceph-conf': { type: 'string' },
  'cert-days': { type: 'string' },
  ...LIVE_OPTIONS,
} as const;

const command: CommandModule = {
  summary: 'close the maintenance issue: closure summary, Closure section, [RESOLVED] title, closed (--dry-run, --confirm N)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('close', normaliseIssueFlag(argv), OPTIONS);
    if (values.confirm !== undefined && values['dry-run']) throw new UsageError('close: give --dry-run or --confirm N, not both');
    const confirm = values.confirm === undefined ? null : values.confirm.replace(/^#/, '');
    if (confirm !== null && !/^\d+$/.test(confirm)) throw new UsageError(`close: --confirm takes the issue number, got '${values.confirm}'`);
    const which = issueSelector('close', values.issue ?? 'latest');
    const ctx = openContext('close', values);
    const client = await openGitea(ctx, values, which);
    const out = (s: string) => writeOut(s);
    try {
      const issue = await fetchIssue(client, which, ctx.config.gitea.maintenanceLabel);
      if (confirm !== null && Number(confirm) !== issue.number)
        throw new UsageError(`close: --confirm ${confirm} does not match issue #${issue.number}; nothing was written`);
      const left = remainingSteps(issue);
      if (left.length === 0) {
        out(
          values.json
            ? JSON.stringify({ allowed: true, blockers: [], steps: [], title: issue.title, alreadyClosed: true }) + '\n'
            : `#${issue.number}: already closed as [RESOLVED] with its summary; nothing to do\n`,
        );
        return 0;
      }
      const mode =
        editModeForVersion(await client.serverVersion()) === 'content-version' && issue.content_version !== undefined ? 'content-version' : 'last-writer-wins';
      const stamp = { at: new Date(), timeZone: process.env.TZ || 'UTC' };
      const fill: ClosureFill = { status: 'RESOLVED', closedBy: closedByName(), closedAt: stamp, tickCriteria: true };
      const log = { stamp, action: `Closure: summary written, issue closed as [RESOLVED]`, result: 'all layers GREEN', phase: 'Closure' };

      // Resuming: the summary is in, so the decision was made and confirmed; finish the writes only.
      if (hasClosureSummary(issue.body)) {
        if (confirm === null) {
          out(`#${issue.number}: closure was started (summary present); left: ${left.join(', ')}. Run 'close --confirm ${issue.number}' to finish.\n`);
          return 0;
        }
        const steps = await runClosurePlan(client, { number: issue.number, summary: () => '', fill, log, mode });
        out(
          values.json
            ? JSON.stringify({ allowed: true, resumed: true, steps }) + '\n'
            : `#${issue.number}: closure finished (${steps.map((s) => `${s.step} ${s.did}`).join(', ')})\n`,
        );
        return 0;
      }

      const report = await reconFromFlags(ctx, values);
      const items = analyseCached(issue.body).document.items;
      const blockers = closureBlockers(items, report.gate, report.overall);
      if (blockers.length > 0) {
        if (values.json) out(JSON.stringify({ allowed: false, blockers }, null, 2) + '\n');
        else out(`#${issue.number}: closure is not allowed yet; still standing:\n${blockers.map((b) => `  - ${b}`).join('\n')}\n`);
        return 1;
      }
      const th = thresholdsOf(ctx.config);
      const activity = await windowActivity(client, issue, new Date(issue.created_at));
      const summary = renderClosureSummary(closureFacts(issue, report, activity, values.lesson ?? [], th.nodeCpuPercentWarn, th.nodeMemoryPercentWarn));
      const title = resolvedTitle(issue.title);
      if (confirm === null) {
        const edit = composeEdits('preview', [prependClosureSummary(summary), fillClosure(fill), optionalEdit(appendChangeLogRow(log))]);
        const r = edit.apply(issue.body);
        if (!r.ok) throw new UserError(`close: #${issue.number}: ${r.conflict}`, 1);
        if (values.json) out(JSON.stringify({ allowed: true, blockers: [], title, body: r.body, steps: left }, null, 2) + '\n');
        else
          out(`title: ${title}\n\n${r.body}${r.body.endsWith('\n') ? '' : '\n'}\n(dry run: nothing written; 'close --confirm ${issue.number}' applies it)\n`);
        return 0;
      }
      const steps = await runClosurePlan(client, { number: issue.number, summary: () => summary, fill, log, mode });
      out(
        values.json
          ? JSON.stringify({ allowed: true, title, steps }) + '\n'
          : `#${issue.number}: ${title} — closed (${steps.map((s) => `${s.step} ${s.did}`).join(', ')})\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof UserError || err instanceof UsageError) throw err;
      return giteaFailure('close', err);
    } finally {
      await client.close();
    }
  },
};
export default command;
