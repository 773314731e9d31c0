import { readOnlyReason, type Command, type CommandSpec, type KeyTable, type KeyView } from './commands.js';
import { UNICODE_GLYPHS, type GlyphSet } from '../glyphs.js';
import { displayBinding, type KeyPress } from './keypress.js';

/**
 * One binding per key, in lazygit's shape: a view registers `{ command, run, disabledReason }` with
 * `useBindings`; the keys and the view come from the key table (src/ui/keys/commands.ts, where the
 * config file's `keys:` rebinds them). From the live bindings come the hint bar, the "(off)"
 * labels on detail controls, and the answer to a key pressed while off. Nothing else decides
 * whether a key acts.
 */
export interface Binding {
  command: Command;
  run(): void;
  /**
   * Why the key cannot act right now (null: it can): "a step is running: A3", "nothing selected".
   * An off key is left out of the hint bar, shows "(off)" on a control, and pressing it says this.
   * Read-only needs no reason here: a key the table marks `writes` is off in read-only mode.
   */
  disabledReason?(): string | null;
}

/** A binding with what the key table adds: its keys and view (lazygit's `{ Key, ViewName, … }`). */
export interface ResolvedBinding extends Binding {
  keys: readonly string[];
  view: KeyView;
  spec: CommandSpec;
}

export function resolveBinding(table: KeyTable, b: Binding): ResolvedBinding {
  const spec = table.specs[b.command];
  return { ...b, keys: spec.keys, view: spec.view, spec };
}

/**
 * What every key is gated by, beside its own reason: read-only mode, and an escalation (the
 * operator's reason), which turns every write key off except the few the table marks
 * `whenEscalated` (the safe state, resume, another escalation note).
 */
export interface KeyGate {
  readOnly: boolean;
  escalated: string | null;
  /** After a crash: why nothing may run until the operator verified the unknown outcomes (null: nothing held). */
  held?: string | null;
  /** Why Gitea cannot be reached (null: it answers): keys the table marks `needsGitea` are off. */
  giteaDown?: string | null;
}

const gateOf = (g: boolean | KeyGate): KeyGate => (typeof g === 'boolean' ? { readOnly: g, escalated: null } : g);

/** Why `b` is off: read-only for a write key, escalation for most write keys, else its own reason; null when it can act. */
export function offReason(table: KeyTable, gate: boolean | KeyGate, b: Binding): string | null {
  const { readOnly, escalated, held = null, giteaDown = null } = gateOf(gate);
  const spec = table.specs[b.command];
  if (readOnly && spec.writes) return readOnlyReason(b.command, spec);
  if (escalated !== null && spec.writes && !spec.whenEscalated)
    return `ESCALATED (${escalated}): ${spec.doing ?? b.command} is stopped until you resume (${table.specs.escalationResume.keys[0] ?? 'U'}); the safe state (${table.specs.safeState.keys[0] ?? 'S'}) may run`;
  if (held !== null && spec.writes && !spec.whenHeld && !spec.whenEscalated) return `${spec.doing ?? b.command} waits: ${held}`;
  if (giteaDown !== null && spec.needsGitea) return `${spec.doing ?? b.command} needs Gitea: ${giteaDown}`;
  return b.disabledReason?.() ?? null;
}

/**
 * Hands `key` to the first binding it matches: runs it, or reports why it is off. True when a
 * binding took the key (an off key is still taken: it answered).
 */
export function dispatchKey(
  table: KeyTable,
  readOnly: boolean | KeyGate,
  bindings: readonly Binding[],
  key: KeyPress,
  report: (reason: string) => void,
): boolean {
  for (const b of bindings) {
    if (!table.matches(b.command, key)) continue;
    const reason = offReason(table, readOnly, b);
    if (reason) report(reason);
    else b.run();
    return true;
  }
  return false;
}

const RANK: Record<KeyView, number> = { palette: 0, queue: 0, detail: 0, pager: 0, recon: 0, closure: 0, related: 0, verify: 0, dialog: 0, list: 1, global: 2 };

/**
 * The hint bar: the live bindings that have a hint and are not off, the view's own keys first,
 * then the list keys, then the global ones (a narrow terminal cuts the end, and the end is the
 * keys every view has); within a rank in key-table order.
 */
export function hintText(table: KeyTable, readOnly: boolean | KeyGate, bindings: readonly Binding[], glyphs: GlyphSet = UNICODE_GLYPHS): string {
  const order = Object.keys(table.specs) as Command[];
  const seen = new Set<Command>();
  const parts: Array<{ text: string; rank: number; index: number }> = [];
  for (const b of bindings) {
    const spec = table.specs[b.command];
    if (!spec.hint || seen.has(b.command)) continue;
    seen.add(b.command);
    if (offReason(table, readOnly, b)) continue;
    parts.push({ text: `${displayBinding(spec.keys[0]!, glyphs)} ${spec.hint}`, rank: RANK[spec.view], index: order.indexOf(b.command) });
  }
  return parts
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((p) => p.text)
    .join('  ');
}

/** The bindings registered by the views on screen, for the hint bar (a tiny external store). */
export class BindingRegistry {
  private readonly entries = new Map<number, readonly Binding[]>();
  private readonly listeners = new Set<() => void>();
  private next = 0;
  private version = 0;

  /** A slot for one view; `set` replaces its bindings, `set(null)` removes them. */
  slot(): (bindings: readonly Binding[] | null) => void {
    const id = ++this.next;
    return (bindings) => {
      if (bindings) this.entries.set(id, bindings);
      else if (!this.entries.delete(id)) return;
      this.version++;
      for (const l of this.listeners) l();
    };
  }

  /** Every registered binding; the newest view first (it shadows what it covers). */
  all(): Binding[] {
    return [...this.entries.entries()].sort((a, b) => b[0] - a[0]).flatMap(([, bs]) => bs);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = (): number => this.version;
}
