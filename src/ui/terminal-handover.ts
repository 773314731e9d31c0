import { useApp, useStdin } from 'ink';
import { createContext, useContext, useEffect } from 'react';

/** Structurally src/services/terminal/handover.ts's TerminalHandover (the UI imports no service). */
export interface TerminalHandover {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

type Suspend = ReturnType<typeof useApp>['suspendTerminal'];

/**
 * The UI's side of the terminal hand-over (src/services/terminal/handover.ts). While an interactive
 * command runs, Ink is suspended through its own `suspendTerminal`: the frame is erased, the
 * alternate screen left, raw mode and our key reading paused, so the child gets a plain terminal
 * with stdio inherited; afterwards the alternate screen comes back, input is reclaimed and the whole
 * frame is redrawn (never diffed against what the child left on screen).
 *
 * The port exists before Ink renders (the composition root hands it to the step engine), so Ink's
 * suspend is bound by a component in the tree (`Binder`). Without it — no TTY, tests, `plan` — the
 * command runs as is. One program at a time: a second hand-over waits for the first.

 */
/**
 * Ink drops its 'readable' listener on suspend but the stream's handle keeps reading the terminal:
 * it races the child for keys, and after the child left the terminal's file description blocking
 * the next read hung this process (the console never came back; seen in real tmux with less). A
 * paused socket does not stop its handle, so stop it as net.Socket#pause does for its own buffered
 * mode; Ink's resume re-attaches its listener, whose first read starts the handle again.
 */
type ReadHandle = { reading?: boolean; readStop?: () => number; readStart?: () => number };
const handleOf = (stream: NodeJS.ReadableStream | null) => (stream as { _handle?: ReadHandle } | null)?._handle ?? null;

function stopReading(stream: NodeJS.ReadableStream | null): void {
  const handle = handleOf(stream);
  if (!handle?.reading) return;
  handle.reading = false;
  handle.readStop?.();
}

function startReading(stream: NodeJS.ReadableStream | null): void {
  const handle = handleOf(stream);
  if (handle && !handle.reading && handle.readStart) {
    handle.reading = true;
    handle.readStart();
  }
  // And ask the stream for data, so it wants to emit 'readable' again for Ink's listener.
  stream?.read(0);
}

/** What the UI itself does with the terminal: Ctrl-Z. `Binder` must be rendered inside Ink. */
export interface UiTerminal {
  Binder: () => null;
  /**
   * Ctrl-Z (raw mode turns the terminal's own suspend key into an ordinary key): Ink is suspended,
   * then the console's whole process group — the job the shell started, as the terminal driver
   * would stop it — gets SIGTSTP. The shell's `fg` continues it, and the frame is redrawn whole.
   * Started where nothing can continue it (an orphaned group: tmux's own command, a service), the
   * kernel drops the stop signal and the console simply comes back.
   */
  suspendToShell(): Promise<void>;
}

const TerminalContext = createContext<UiTerminal | null>(null);
export const TerminalProvider = TerminalContext.Provider;
/** The terminal the console runs on; null under tests and without a TTY. */
export function useUiTerminal(): UiTerminal | null {
  return useContext(TerminalContext);
}

export function createInkHandover(): { handover: TerminalHandover; ui: UiTerminal } {
  let suspend: Suspend | null = null;
  let input: NodeJS.ReadableStream | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const handOver = async <T>(fn: () => Promise<T>): Promise<T> => {
    const s = suspend;
    if (!s) return fn();
    let result!: T;
    await s(async () => {
      stopReading(input);
      result = await fn();
    });
    // Ink has re-attached its listener by now, but the stream thinks a read is still pending and
    // would never ask again: start the handle ourselves.
    startReading(input);
    return result;
  };

  const handover: TerminalHandover = {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = queue.then(
        () => handOver(fn),
        () => handOver(fn),
      );
      queue = next.catch(() => undefined);
      return next;
    },
  };

  function Binder(): null {
    const { suspendTerminal } = useApp();
    const { stdin } = useStdin();
    useEffect(() => {
      suspend = suspendTerminal;
      input = stdin;
      return () => {
        if (suspend === suspendTerminal) suspend = null;
        if (input === stdin) input = null;
      };
    }, [suspendTerminal, stdin]);
    return null;
  }

  const suspendToShell = () =>
    handover.run(async () => {
      process.kill(0, 'SIGTSTP');
    });

  return { handover, ui: { Binder, suspendToShell } };
}
