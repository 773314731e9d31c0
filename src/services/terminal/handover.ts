/**
 * The terminal belongs to one program at a time. An interactive command (an editor, `less`,
 * `kubectl exec -it`, a bare `ssh host`) gets the real terminal through this port; the UI owns
 * the implementation (src/ui/terminal-handover.ts, Ink suspended) and the composition root passes
 * it to whatever needs it (step engine, $EDITOR, Ctrl-Z).
 */
export interface TerminalHandover {
  /** Suspend the TUI, give the real terminal to `fn` (stdin raw mode off, main screen), then restore the
   *  alternate screen and force a full redraw. Resolves with fn's result. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** For non-TTY use (tests, `plan`, CI): nothing to suspend, `fn` runs as is, one at a time. */
export function headlessHandover(): TerminalHandover {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = queue.then(fn, fn);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
