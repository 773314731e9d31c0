import React, { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTheme } from '../contexts.js';
import { Priority, useKeypress } from '../keypress-context.js';
import { BindingRegistry, dispatchKey, hintText, offReason, type Binding, type KeyGate } from './bindings.js';
import type { Command, KeyTable } from './commands.js';
import type { KeyPress } from './keypress.js';

interface BindingEnv {
  table: KeyTable;
  readOnly: boolean;
  /** The operator's escalation reason while escalated: most write keys are off. */
  escalated?: string | null;
  /** After a crash, until the unknown outcomes are verified: most write keys are off, saying why. */
  held?: string | null;
  /** Gitea unreachable: the keys that need it are off, saying why. */
  giteaDown?: string | null;
  registry: BindingRegistry;
  /** Says why a key is off (the session's message line). */
  report(reason: string): void;
}

const BindingContext = createContext<(BindingEnv & { gate: KeyGate }) | null>(null);

/** Provided once by the console root: the key table, the mode, where "off" answers go. */
export function BindingProvider({
  table,
  readOnly,
  escalated = null,
  held = null,
  giteaDown = null,
  report,
  children,
}: Omit<BindingEnv, 'registry'> & { children: React.ReactNode }) {
  const [registry] = useState(() => new BindingRegistry());
  const value = useMemo(
    () => ({ table, readOnly, escalated, held, giteaDown, registry, report, gate: { readOnly, escalated, held, giteaDown } }),
    [table, readOnly, escalated, held, giteaDown, registry, report],
  );
  return <BindingContext.Provider value={value}>{children}</BindingContext.Provider>;
}

function useBindingEnv(): BindingEnv & { gate: KeyGate } {
  const env = useContext(BindingContext);
  if (!env) throw new Error('useBindings outside BindingProvider');
  return env;
}

export interface BindingOptions {
  priority?: number;
  /** False: the keys do not reach these bindings (another view owns them now). */
  isActive?: boolean;
  /** Whether the hint bar counts these bindings (default: while active). A pane behind help stays visible. */
  visible?: boolean;
}

/**
 * A view's bindings: its keys are dispatched through them (run, or say why the key is off) and
 * the hint bar shows them while `visible`. Pass a memoised array: a new one re-registers.
 */
export function useBindings(bindings: readonly Binding[], { priority = Priority.Normal, isActive = true, visible = isActive }: BindingOptions = {}): void {
  const { table, gate, registry, report } = useBindingEnv();
  const onKey = useCallback((k: KeyPress) => dispatchKey(table, gate, bindings, k, report), [table, gate, bindings, report]);
  useKeypress(onKey, { priority, isActive });
  const [slot] = useState(() => registry.slot());
  useLayoutEffect(() => {
    if (!visible) return;
    slot(bindings);
    return () => slot(null);
  }, [slot, bindings, visible]);
}

/** The hint bar's text, from the bindings the views on screen registered. */
export function useHintText(): string {
  const { table, gate, registry } = useBindingEnv();
  const glyphs = useTheme().glyphs;
  const version = useSyncExternalStore(registry.subscribe, registry.getVersion);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the registry's change signal
  return useMemo(() => hintText(table, gate, registry.all(), glyphs), [table, gate, registry, version, glyphs]);
}

/** Why `b` is off right now (read-only or its own reason), for "(off)" labels. */
export function useOffReason(): (b: Binding) => string | null {
  const { table, gate } = useBindingEnv();
  return useCallback((b: Binding) => offReason(table, gate, b), [table, gate]);
}

/**
 * A key-table command run by name, as if its key were pressed where the console is now: the live
 * binding a view registered for it runs, or its off reason is said (the same reason the key
 * gives, read-only and escalation included). `reason` answers without running, for a label. The
 * `:` commands that spell out a key (`:safe`, `:resume`) go through this, so they can never act
 * where the key would not.
 */
export function useKeyCommand(): { run(command: Command): void; reason(command: Command): string | null } {
  const { table, gate, registry, report } = useBindingEnv();
  // Not subscribed to the registry: the bindings are looked up when asked. A subscription would
  // re-render the console root on every registration, and views re-registering on that would loop.
  return useMemo(() => {
    const find = (command: Command) => registry.all().find((b) => b.command === command) ?? null;
    const notHere = (command: Command) => `${table.specs[command].doing ?? command} is not available here`;
    return {
      reason: (command) => {
        const b = find(command);
        return b ? offReason(table, gate, b) : notHere(command);
      },
      run: (command) => {
        const b = find(command);
        if (!b) return report(notHere(command));
        const reason = offReason(table, gate, b);
        if (reason) report(reason);
        else b.run();
      },
    };
  }, [table, gate, registry, report]);
}

export function useBindingReadOnly(): boolean {
  return useBindingEnv().readOnly;
}
