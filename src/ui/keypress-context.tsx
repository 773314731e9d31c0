import { useInput, useStdin, type Key } from 'ink';
import React, { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef } from 'react';
import { normalizeKey, type KeyPress } from './keys/keypress.js';

/** Higher runs first; a handler returning true stops propagation (a dialog shadows the pane). */
export const Priority = { Low: 0, Normal: 10, High: 20, Critical: 30 } as const;

export type KeyHandler = (key: KeyPress) => boolean | void;

interface Subscription {
  handler: { current: KeyHandler };
  priority: number;
  order: number;
}

/** A run of typed characters becomes one keypress per character ("jj\r" = j, j, Enter). */
export function splitTyped(press: KeyPress): KeyPress[] {
  if (press.text.length <= 1 || press.ctrl || press.meta) return [press];
  return Array.from(press.text, (ch) => {
    if (ch === '\r' || ch === '\n') return { name: 'return', ctrl: false, shift: false, meta: false, text: '' };
    if (ch === '\t') return { name: 'tab', ctrl: false, shift: false, meta: false, text: '' };
    return { name: ch, ctrl: false, shift: ch !== ch.toLowerCase(), meta: false, text: ch };
  });
}

/** Subscribers by priority, and a queue so fast typing is handled one key per macrotask. */
class KeyDispatcher {
  private subs: Subscription[] = [];
  private order = 0;
  private queue: KeyPress[] = [];

  subscribe(handler: Subscription['handler'], priority: number): () => void {
    const sub = { handler, priority, order: ++this.order };
    this.subs = [...this.subs, sub];
    return () => {
      this.subs = this.subs.filter((s) => s !== sub);
    };
  }

  push(presses: KeyPress[]): void {
    const idle = this.queue.length === 0;
    this.queue.push(...presses);
    // Keys typed faster than a frame (tmux send-keys, pastes) arrive as one chunk: each handler
    // must see the state the previous key produced, so later keys wait for the next macrotask.
    if (idle) this.drain();
  }

  private drain = (): void => {
    const next = this.queue[0];
    if (!next) return;
    this.deliver(next);
    this.queue.shift();
    if (this.queue.length) setImmediate(this.drain);
  };

  private deliver(press: KeyPress): void {
    // Within a priority, the most recently mounted handler runs first (the innermost view).
    const ordered = [...this.subs].sort((a, b) => b.priority - a.priority || b.order - a.order);
    for (const sub of ordered) {
      if (sub.handler.current(press) === true) return;
    }
  }
}

const KeypressContext = createContext<KeyDispatcher | null>(null);

/** The single owner of stdin: parses each keypress once and hands it to subscribers by priority. */
export function KeypressProvider({ children }: { children: React.ReactNode }) {
  const dispatcher = useMemo(() => new KeyDispatcher(), []);
  const { isRawModeSupported } = useStdin();
  const onInput = useCallback((input: string, key: Key) => dispatcher.push(splitTyped(normalizeKey(input, key))), [dispatcher]);
  useInput(onInput, { isActive: isRawModeSupported === true });
  return <KeypressContext.Provider value={dispatcher}>{children}</KeypressContext.Provider>;
}

/** Subscribe to keypresses while `isActive`; return true from the handler to consume the key. */
export function useKeypress(handler: KeyHandler, { priority = Priority.Normal, isActive = true }: { priority?: number; isActive?: boolean } = {}) {
  const dispatcher = useContext(KeypressContext);
  if (!dispatcher) throw new Error('useKeypress outside KeypressProvider');
  const ref = useRef(handler);
  // Layout effects: the next key (delivered a macrotask later) must see this render's handler, and
  // a dialog opened by one key must own the very next key.
  useLayoutEffect(() => {
    ref.current = handler;
  }, [handler]);
  useLayoutEffect(() => {
    if (!isActive) return;
    return dispatcher.subscribe(ref, priority);
  }, [dispatcher, priority, isActive]);
}
