import type { BodyEdit } from '../issue/types.js';
import { applied } from '../issue/edits/result.js';

/**
 * The workflow's resolution note (homelab-action.md 2.2, "Add Resolution Note Before Closing"):
 * a `## Resolution` section prepended to the body of an issue or PR before it is closed, never a
 * comment, so whoever opens the closed thread reads why first.
 */
export const RESOLUTION_HEADING = '## Resolution';

const HEADING_LINE = /^## Resolution[ \t]*\r?$/m;
const DASHBOARD = /dependency dashboard/i;

/** The body already carries a resolution note (a second close attempt must not add another). */
export function hasResolutionNote(body: string): boolean {
  return HEADING_LINE.test(body);
}

/** The note as the workflow writes it, with the reason on the same line; ends with the `---` rule. */
export function resolutionBlock(o: { maintenance: number | null; date: string; reason: string }): string {
  const reason = o.reason.replace(/\s+/g, ' ').trim();
  const where = o.maintenance !== null ? ` as part of maintenance issue #${o.maintenance}` : '';
  return `${RESOLUTION_HEADING}\nResolved${where} on ${o.date}${reason ? `: ${reason.replace(/\.$/, '')}` : ''}.\n\n---\n\n`;
}

/** Prepends the note once: a body that has one is left as it is. */
export function prependResolution(block: string): BodyEdit {
  return {
    description: 'prepend the resolution note',
    apply(body: string) {
      if (hasResolutionNote(body)) return applied(body, body);
      const eol = body.includes('\r\n') ? '\r\n' : '\n';
      return applied(body, block.replace(/\n/g, eol) + body);
    },
    isApplied: hasResolutionNote,
  };
}

export interface CloseTarget {
  number: number;
  title: string;
  isPull: boolean;
}

export interface CloseContext {
  /** The maintenance issue the console works on, or null when none is open. */
  maintenance: number | null;
  /** True only for the closure flow (`close`), which closes the maintenance issue with its own record. */
  viaClosure?: boolean;
}

/** Why `t` must not be closed from here, or null when it may. */
export function closeRefusal(t: CloseTarget, ctx: CloseContext): string | null {
  const what = `${t.isPull ? 'PR' : 'issue'} #${t.number}`;
  if (!t.isPull && DASHBOARD.test(t.title)) return `${what} is the Renovate Dependency Dashboard: it is never closed (Renovate keeps it open and reopens it)`;
  if (!t.isPull && ctx.maintenance === t.number && !ctx.viaClosure)
    return `${what} is the maintenance issue being worked: only the closure flow closes it (the close command, after every item and layer is done)`;
  return null;
}

/** What the operator types to close `number`: the number itself, so the challenge names the target. */
export function closeChallenge(number: number): string {
  return String(number);
}
