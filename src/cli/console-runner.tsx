import { render } from 'ink';
import React from 'react';
import { App } from '../app.js';
import type { ConsoleConfig } from '../services/config/schema.js';
import type { ConsoleEngine } from '../store/index.js';
import { tickingClock, type UiSettings } from '../ui/contexts.js';
import { buildKeyTable } from '../ui/keys/commands.js';
import type { PaneId } from '../ui/layout.js';
import type { UiTerminal } from '../ui/terminal-handover.js';
import { resolveTheme } from '../ui/theme.js';
import { UserError } from './errors.js';
import { writeErr } from './output.js';

export function uiSettings(config: Pick<ConsoleConfig, 'ui' | 'keys'>, file: string): UiSettings {
  let keys;
  try {
    keys = buildKeyTable(config.keys);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}`, 2);
  }
  return { theme: resolveTheme(config.ui.theme), keys, compactBelowColumns: config.ui.compactBelowColumns, animate: config.ui.animate };
}

export interface RunConsoleOptions {
  engine: ConsoleEngine;
  settings: UiSettings;
  initialPane?: PaneId;
  /** Called when the first frame is on screen (the benchmark's marker). */
  onFirstFrame?: () => void;
  /** The terminal hand-over's UI side (src/ui/terminal-handover.ts): Ink's suspend for the step engine and the editor, and Ctrl-Z. */
  terminal?: UiTerminal;
}

/**
 * Paints the first frame, then starts the engine (so importing the Kubernetes client and ssh2
 * never delays it), and restores the terminal on quit, on a crash and on signals.
 */
export async function runConsole({ engine, settings, initialPane, onFirstFrame, terminal }: RunConsoleOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError('the console needs a terminal (stdin and stdout a TTY); for scripts use status, gate, plan or queue', 2);
  }
  let started = false;
  const startEngine = () => {
    if (started) return;
    started = true;
    onFirstFrame?.();
    // Next macrotask: the frame is written before any heavy import starts.
    setImmediate(() => {
      engine.start().catch((err: unknown) => {
        writeErr(`homelab-console: ${String((err as Error)?.message ?? err)}\n`);
      });
    });
  };

  let quitting = false;
  const instance = render(
    <App
      engine={engine}
      settings={settings}
      clock={tickingClock(1000)}
      initialPane={initialPane}
      onExit={() => instance.unmount()}
      {...(terminal ? { terminal } : {})}
    />,
    {
      alternateScreen: true,
      incrementalRendering: true,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 60,
      kittyKeyboard: { mode: 'disabled' },
      onRender: startEngine,
    },
  );

  const crash = (err: unknown) => {
    if (quitting) return;
    quitting = true;
    instance.unmount();
    void engine.close();
    const message = err instanceof Error ? err.message : String(err);
    writeErr(`homelab-console: internal error: ${message.split('\n')[0] ?? ''}\n`);
    if (process.env.HOMELAB_CONSOLE_DEBUG) writeErr(`${String((err as Error)?.stack ?? '')}\n`);
    process.exit(1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (quitting) return;
    quitting = true;
    instance.unmount();
    void engine.close().finally(() => process.exit(signal === 'SIGTERM' ? 143 : 129));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
  quitting = true;
  await engine.close();
  return 0;
}
