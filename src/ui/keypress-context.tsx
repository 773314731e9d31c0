import { useInput, useStdin } from 'ink';
import React, { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { normalizeKey, type KeyPress } from './keys/keypress.js';

/** Higher runs first; a handler returning true stops propagation (a dialog shadows the pane). */
export const Priority = { Low: 0, Normal: 10, High: 20, Critical: 30 } as const;

export type KeyHandler = (key: KeyPress) => boolean | void;

interface Subscription {
  handler: { current: KeyHandler };
  priority: number;
  order: number;
}

interface KeypressRegistry {
  subscribe(sub: Subscription): () => void;
  nextOrder(): number;
}

const KeypressContext = createContext<KeypressRegistry | null>(null);

/** The single owner of stdin: parses each keypress once and hands it to subscribers by priority. */
export function KeypressProvider({ children }: { children: React.ReactNode }) {
  const subs = useRef<Subscription[]>([]);
  const counter = useRef(0);
  const { isRawModeSupported } = useStdin();

  const registry = useMemo<KeypressRegistry>(
    () => ({
      subscribe(sub) {
        subs.current = [...subs.current, sub];
        return () => {
          subs.current = subs.current.filter((s) => s !== sub);
        };
      },
      nextOrder: () => ++counter.current,
    }),
    [],
  );

  const dispatch = useCallback((input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const press = normalizeKey(input, key);
    // Within a priority, the most recently mounted handler runs first (the innermost view).
    const ordered = [...subs.current].sort((a, b) => b.priority - a.priority || b.order - a.order);
    for (const sub of ordered) {
      if (sub.handler.current(press) === true) return;
    }
  }, []);

  useInput(dispatch, { isActive: isRawModeSupported === true });
  return <KeypressContext.Provider value={registry}>{children}</KeypressContext.Provider>;
}

/** Subscribe to keypresses while `isActive`; return true from the handler to consume the key. */
export function useKeypress(handler: KeyHandler, { priority = Priority.Normal, isActive = true }: { priority?: number; isActive?: boolean } = {}) {
  const registry = useContext(KeypressContext);
  if (!registry) throw new Error('useKeypress outside KeypressProvider');
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  }, [handler]);
  useEffect(() => {
    if (!isActive) return;
    return registry.subscribe({ handler: ref, priority, order: registry.nextOrder() });
  }, [registry, priority, isActive]);
}
