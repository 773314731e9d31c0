/**
 * The one owner of "what is running": a step, a merge (and its sync wait), a rollback, a closure,
 * an escalation. Every key and command asks it before starting anything that acts, so two actions
 * never overlap and escalation stops everything at one place. Its refusals name what runs and how
 * to stop it.
 */
export type ActivityKind = 'step' | 'merge' | 'rollback' | 'closure' | 'escalation' | 'safe-state';

export interface Activity {
  kind: ActivityKind;
  /** What runs, for the operator (`merge of PR #45`, `step B1: Archive Ceph crashes`). */
  what: string;
  /** How to stop it (`Ctrl-C cancels the step`, `s stops the merge wait`). */
  howToStop: string;
}

/** What escalation leaves allowed: the safe state, and a new escalation note. */
const ALLOWED_WHEN_ESCALATED: ReadonlySet<ActivityKind> = new Set(['safe-state', 'escalation']);
/** What cannot be done without Gitea answering (a merge is a Gitea call; closure and related actions close issues). */
const NEEDS_GITEA: ReadonlySet<ActivityKind> = new Set(['merge', 'closure']);

export class ActionArbiter {
  private current: Activity | null = null;
  private escalatedFor: string | null = null;
  private hold: () => string | null = () => null;
  private giteaDown: () => string | null = () => null;

  /**
   * Holds everything but the safe state and an escalation while `reason` answers (a step the
   * journal left with an unknown outcome, not yet verified by the operator).
   */
  holdWhile(reason: () => string | null): void {
    this.hold = reason;
  }

  /**
   * Refuses what needs Gitea — merges, the closure, related-issue actions — while `reason`
   * answers (Gitea unreachable); steps go on, their edits queued.
   */
  needsGiteaWhile(reason: () => string | null): void {
    this.giteaDown = reason;
  }

  /** Why the session is held (escalated, or an unknown outcome to verify), else null. */
  get halted(): string | null {
    return this.escalatedFor !== null ? this.refusal('step') : this.hold();
  }

  /** What runs now, or null. */
  get running(): Activity | null {
    return this.current;
  }

  /** The operator's reason when the maintenance is escalated, else null. */
  get escalated(): string | null {
    return this.escalatedFor;
  }

  /** Why `kind` may not start now, or null when it may. */
  refusal(kind: ActivityKind): string | null {
    if (this.escalatedFor !== null && !ALLOWED_WHEN_ESCALATED.has(kind))
      return `ESCALATED (${this.escalatedFor}): steps, merges and closure are stopped until you resume; only the safe state (ceph osd set noout) may run`;
    const held = ALLOWED_WHEN_ESCALATED.has(kind) ? null : this.hold();
    if (held) return held;
    const down = NEEDS_GITEA.has(kind) ? this.giteaDown() : null;
    if (down) return down;
    if (this.current) return `${this.current.what} is running: ${this.current.howToStop}, or wait for it to finish`;
    return null;
  }

  /** Starts an activity, or says why not. The caller must call `end()` when it is over. */
  begin(activity: Activity): { ok: true; end: () => void } | { ok: false; reason: string } {
    const reason = this.refusal(activity.kind);
    if (reason) return { ok: false, reason };
    this.current = activity;
    let ended = false;
    return {
      ok: true,
      end: () => {
        if (ended) return;
        ended = true;
        if (this.current === activity) this.current = null;
      },
    };
  }

  /** Runs `fn` as the activity; refused (without calling fn) when something else runs or escalation stops it. */
  async run<T extends { ok: boolean }>(activity: Activity, fn: () => Promise<T>): Promise<T | { ok: false; reason: string }> {
    const slot = this.begin(activity);
    if (!slot.ok) return slot;
    try {
      return await fn();
    } finally {
      slot.end();
    }
  }

  escalate(reason: string): void {
    this.escalatedFor = reason;
  }

  resume(): void {
    this.escalatedFor = null;
  }
}
