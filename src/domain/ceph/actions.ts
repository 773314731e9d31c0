import type { CephSummary } from './types.js';

/** OSD flags the console sets and clears; `noout` is the escalation safe state. */
export const OSD_FLAGS = ['noout', 'norebalance', 'nobackfill', 'norecover', 'noscrub', 'nodeep-scrub', 'noin', 'noup', 'nodown'] as const;
export type OsdFlag = (typeof OSD_FLAGS)[number];

/** The typed remediation actions. Nothing else writes to Ceph. */
export type CephAction =
  | { kind: 'crash-archive-all' }
  | { kind: 'crash-archive'; crashId: string }
  | { kind: 'osd-reweight'; osd: number; weight: number }
  | { kind: 'osd-out'; osd: number }
  | { kind: 'osd-in'; osd: number }
  /** Destructive: `confirmation` must be exactly `osd.N`, typed by the operator. */
  | { kind: 'osd-purge'; osd: number; confirmation: string }
  | { kind: 'osd-set'; flag: OsdFlag }
  | { kind: 'osd-unset'; flag: OsdFlag };

export interface CephActionPlan {
  /** ceph's words, without "ceph" and "--format json" (the executor's argv). */
  args: string[];
  /** As the operator would type it: "ceph osd reweight 5 1". */
  command: string;
  /** One line: "reweight osd.5 to 1". */
  title: string;
  destructive: boolean;
}

/** An action that cannot be sent as asked: one line saying why, nothing was sent. */
export class CephActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CephActionError';
  }
}

const MAX_OSD_ID = 1_000_000;
const CRASH_ID = /^[0-9A-Za-z][0-9A-Za-z:._-]{0,199}$/;

function checkOsdId(id: number, summary: CephSummary | null): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_OSD_ID) throw new CephActionError(`'${String(id)}' is not an OSD id (a whole number like 5 for osd.5)`);
  if (summary && summary.osds.list.length > 0 && !summary.osds.list.some((o) => o.id === id)) {
    throw new CephActionError(`osd.${id} does not exist (OSDs: ${summary.osds.list.map((o) => o.id).join(', ')})`);
  }
}

/** Ceph keeps weights as 16.16 fixed point: 0.8 reads back as 0.79998779296875. */
export const WEIGHT_TOLERANCE = 1 / 1024;

/** Parses "osd.5" or "5" as an OSD id; null when it is neither. */
export function parseOsdId(text: string): number | null {
  const m = /^(?:osd\.)?(\d{1,7})$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Validates an action against what is known of the cluster (`summary`, null when nothing was read)
 * and returns the exact argv to send. Throws CephActionError, one line, when it must not be sent.
 */
export function planCephAction(action: CephAction, summary: CephSummary | null): CephActionPlan {
  const plan = (args: string[], title: string, destructive = false): CephActionPlan => ({
    args,
    command: `ceph ${args.join(' ')}`,
    title,
    destructive,
  });
  switch (action.kind) {
    case 'crash-archive-all':
      return plan(['crash', 'archive-all'], 'archive every new crash report');
    case 'crash-archive': {
      const id = action.crashId;
      if (typeof id !== 'string' || !CRASH_ID.test(id))
        throw new CephActionError(`'${String(id)}' is not a crash id (like 2026-02-13T14:55:07.828225Z_ca73e541-…)`);
      if (summary && summary.crashes.recent.length > 0 && !summary.crashes.recent.some((c) => c.id === id)) {
        throw new CephActionError(`crash ${id} is not among the cluster's recent crashes`);
      }
      return plan(['crash', 'archive', id], `archive crash ${id}`);
    }
    case 'osd-reweight': {
      checkOsdId(action.osd, summary);
      const w = action.weight;
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1) throw new CephActionError(`reweight takes a weight from 0 to 1, got ${String(w)}`);
      return plan(['osd', 'reweight', String(action.osd), String(w)], `reweight osd.${action.osd} to ${w}`);
    }
    case 'osd-out':
      checkOsdId(action.osd, summary);
      return plan(['osd', 'out', String(action.osd)], `mark osd.${action.osd} out`);
    case 'osd-in':
      checkOsdId(action.osd, summary);
      return plan(['osd', 'in', String(action.osd)], `mark osd.${action.osd} in`);
    case 'osd-purge': {
      checkOsdId(action.osd, summary);
      const expected = `osd.${action.osd}`;
      if (action.confirmation !== expected) {
        throw new CephActionError(
          `purging osd.${action.osd} destroys it: type ${expected} to confirm${action.confirmation ? ` (got '${action.confirmation}')` : ''}`,
        );
      }
      const osd = summary?.osds.list.find((o) => o.id === action.osd);
      if (osd?.up) throw new CephActionError(`osd.${action.osd} is up: stop its daemon and mark it out before purging`);
      return plan(
        ['osd', 'purge', String(action.osd), '--yes-i-really-mean-it'],
        `purge osd.${action.osd} (removes it from CRUSH, auth and the OSD map)`,
        true,
      );
    }
    case 'osd-set':
    case 'osd-unset': {
      if (!(OSD_FLAGS as readonly string[]).includes(action.flag))
        throw new CephActionError(`'${String(action.flag)}' is not a flag the console sets (${OSD_FLAGS.join(', ')})`);
      const verb = action.kind === 'osd-set' ? 'set' : 'unset';
      return plan(['osd', verb, action.flag], `${verb} the ${action.flag} flag`);
    }
  }
}

export interface CephVerification {
  ok: boolean;
  /** One line: what the re-read shows. */
  message: string;
}

/** Does the re-read state show the action took effect? */
export function verifyCephAction(action: CephAction, after: CephSummary): CephVerification {
  const osd = 'osd' in action ? after.osds.list.find((o) => o.id === action.osd) : undefined;
  const name = 'osd' in action ? `osd.${action.osd}` : '';
  switch (action.kind) {
    case 'crash-archive-all': {
      const left = after.crashes.new;
      return left === 0 ? { ok: true, message: 'no new crash reports left' } : { ok: false, message: `${left} new crash report(s) still listed` };
    }
    case 'crash-archive': {
      const crash = after.crashes.recent.find((c) => c.id === action.crashId);
      if (!crash || crash.archived) return { ok: true, message: `crash ${action.crashId} is archived` };
      return { ok: false, message: `crash ${action.crashId} is still new` };
    }
    case 'osd-reweight':
      if (!osd) return { ok: false, message: `${name} is no longer listed` };
      return osd.reweight !== null && Math.abs(osd.reweight - action.weight) <= WEIGHT_TOLERANCE
        ? { ok: true, message: `${name} reweight is ${round(osd.reweight)}` }
        : { ok: false, message: `${name} reweight is ${osd.reweight === null ? 'unknown' : round(osd.reweight)}, not ${action.weight}` };
    case 'osd-out':
      if (!osd) return { ok: false, message: `${name} is no longer listed` };
      return osd.in ? { ok: false, message: `${name} is still in` } : { ok: true, message: `${name} is out` };
    case 'osd-in':
      if (!osd) return { ok: false, message: `${name} is no longer listed` };
      return osd.in ? { ok: true, message: `${name} is in` } : { ok: false, message: `${name} is still out` };
    case 'osd-purge':
      return osd ? { ok: false, message: `${name} is still in the OSD map` } : { ok: true, message: `${name} is gone from the OSD map` };
    case 'osd-set':
      return after.flags.includes(action.flag) ? { ok: true, message: `${action.flag} is set` } : { ok: false, message: `${action.flag} is not set` };
    case 'osd-unset':
      return after.flags.includes(action.flag) ? { ok: false, message: `${action.flag} is still set` } : { ok: true, message: `${action.flag} is unset` };
  }
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
