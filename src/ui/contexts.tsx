import { useWindowSize } from 'ink';
import { createContext, useContext, useState, useSyncExternalStore } from 'react';
import type { ConsoleEngine } from '../store/index.js';
import type { Stores } from '../store/index.js';
import type { KeyTable } from './keys/commands.js';
import { COLOR_THEME, type Theme } from './theme.js';

export interface UiSettings {
  theme: Theme;
  keys: KeyTable;
  compactBelowColumns: number;
  /**
   * Spinners animate (ink-spinner, src/ui/components/Busy.tsx); false holds every wait's glyph on
   * its first frame with no timer (ui.animate in the config; UI tests, for a deterministic frame).
   */
  animate: boolean;
}

const EngineContext = createContext<ConsoleEngine | null>(null);
const SettingsContext = createContext<UiSettings | null>(null);
/** Fixed size for tests; null = follow the terminal. */
const SizeOverrideContext = createContext<{ columns: number; rows: number } | null>(null);
/** True while a dialog is open: panes behind it keep showing what the operator is confirming. */
const FrozenContext = createContext(false);

export const EngineProvider = EngineContext.Provider;
export const SettingsProvider = SettingsContext.Provider;
export const SizeOverrideProvider = SizeOverrideContext.Provider;
export const FrozenProvider = FrozenContext.Provider;

export function useEngine(): ConsoleEngine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside EngineProvider');
  return engine;
}

export function useStores(): Stores {
  return useEngine().stores;
}

export function useSettings(): UiSettings {
  return useContext(SettingsContext) ?? { theme: COLOR_THEME, keys: undefined as never, compactBelowColumns: 100, animate: false };
}

export function useTheme(): Theme {
  return useSettings().theme;
}

export function useFrozen(): boolean {
  return useContext(FrozenContext);
}

export function useTerminalSize(): { columns: number; rows: number } {
  const override = useContext(SizeOverrideContext);
  const live = useWindowSize();
  return override ?? { columns: live.columns, rows: live.rows };
}

/** Returns `value`, or the value it had when `frozen` became true, until it is false again. */
export function useFreeze<T>(value: T, frozen: boolean): T {
  const [held, setHeld] = useState<{ value: T } | null>(null);
  // Adjusting state while rendering (React's "storing information from previous renders").
  if (frozen && held === null) setHeld({ value });
  if (!frozen && held !== null) setHeld(null);
  return frozen && held ? held.value : value;
}

/** One clock for every "updated 12 s ago": a store a single timer ticks (tests pass a fixed one). */
export interface Clock {
  now(): number;
  subscribe(listener: () => void): () => void;
}

export function tickingClock(intervalMs = 1000): Clock {
  let now = Date.now();
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  return {
    now: () => now,
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        timer = setInterval(() => {
          now = Date.now();
          for (const l of listeners) l();
        }, intervalMs);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}

export function fixedClock(at: number): Clock {
  return { now: () => at, subscribe: () => () => {} };
}

const ClockContext = createContext<Clock>(fixedClock(0));
export const ClockProvider = ClockContext.Provider;

export function useNow(): number {
  const clock = useContext(ClockContext);
  const frozen = useFrozen();
  const now = useSyncExternalStore(clock.subscribe, clock.now);
  return useFreeze(now, frozen);
}
