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

const WAIT_FOR_COMMIT_MS = 20;

/** Subscribers by priority, and a queue so fast typing is handled one key per macrotask. */
class KeyDispatcher {
  private subs: Subscription[] = [];
  private order = 0;
  private queue: KeyPress[] = [];
  private scheduled: { kind: 'timer'; handle: NodeJS.Timeout } | { kind: 'immediate'; handle: NodeJS.Immediate } | null = null;
  private awaitingCommit = false;
  private deliveredAt = 0;

  subscribe(handler: Subscription['handler'], priority: number): () => void {
    const sub = { handler, priority, order: ++this.order };
    this.subs = [...this.subs, sub];
    return () => {
      this.subs = this.subs.filter((s) => s !== sub);
    };
  }

  push(presses: KeyPress[]): void {
    this.queue.push(...presses);
    if (this.scheduled) return;
    // Keys typed faster than a frame (tmux send-keys, pastes) arrive together: each handler must
    // see the state the previous key produced, so a key waits until React committed what the
    // previous one changed (a handler re-registers), or a short while when it changed nothing.
    const wait = this.awaitingCommit ? WAIT_FOR_COMMIT_MS - (Date.now() - this.deliveredAt) : 0;
    if (wait > 0) this.schedule('timer', wait);
    else this.drain();
  }

  private schedule(kind: 'timer' | 'immediate', ms = WAIT_FOR_COMMIT_MS): void {
    this.cancel();
    this.scheduled = kind === 'timer' ? { kind, handle: setTimeout(this.drain, ms) } : { kind, handle: setImmediate(this.drain) };
  }

  private cancel(): void {
    if (this.scheduled?.kind === 'timer') clearTimeout(this.scheduled.handle);
    else if (this.scheduled?.kind === 'immediate') clearImmediate(this.scheduled.handle);
    this.scheduled = null;
  }

  private drain = (): void => {
    this.cancel();
    const next = this.queue.shift();
    if (!next) return;
    this.awaitingCommit = true;
    this.deliveredAt = Date.now();
    this.deliver(next);
    if (this.queue.length && !this.scheduled) this.schedule('timer');
  };

  /** A handler was (re)registered after a commit: a queued key can now see fresh state. */
  committed(): void {
    this.awaitingCommit = false;
    if (this.scheduled?.kind === 'timer') this.schedule('immediate');
  }

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
    dispatcher.committed();
  }, [dispatcher, handler]);
  useLayoutEffect(() => {
    if (!isActive) return;
    const unsubscribe = dispatcher.subscribe(ref, priority);
    dispatcher.committed();
    return unsubscribe;
  }, [dispatcher, priority, isActive]);
}
