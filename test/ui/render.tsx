import type { UiTerminal } from '../../src/ui/terminal-handover.js';
import { act } from 'react';
import React from 'react';
import { render as inkRender } from 'ink-testing-library';
import { afterEach, beforeEach, vi } from 'vitest';
import { App } from '../../src/app.js';
import { SizeOverrideProvider, fixedClock, type UiSettings } from '../../src/ui/contexts.js';
import { buildKeyTable, type KeyOverrides } from '../../src/ui/keys/commands.js';
import { glyphsFor } from '../../src/ui/glyphs.js';
import { COLOR_THEME, MONO_THEME } from '../../src/ui/theme.js';
import type { PaneId } from '../../src/ui/layout.js';
import { waitFor } from '../support/wait.js';
import { FakeEngine } from './fake-engine.js';

// React warns about updates outside act() only in an act environment; we want those warnings, and
// every one of them fails the test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
let actWarnings: string[] = [];
beforeEach(() => {
  actWarnings = [];
  const original = console.error;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/act\(|not wrapped in act/.test(text)) actWarnings.push(text);
    else original(...args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (actWarnings.length) throw new Error(`act() warning: ${actWarnings[0]}`);
});

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlF: '\u0006',
  ctrlB: '\u0002',
  ctrlZ: '\u001a',
} as const;

/** More than the key queue's 20 ms wait for a commit (src/ui/keypress-context.tsx). */
const KEY_SPACING_MS = 22;

// eslint-disable-next-line no-control-regex -- stripping terminal escape sequences is the point
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export interface RenderOptions {
  columns?: number;
  rows?: number;
  engine?: FakeEngine;
  theme?: 'color' | 'mono';
  keys?: KeyOverrides;
  now?: number;
  initialPane?: PaneId;
  /** The real terminal's UI side (Ctrl-Z, the hand-over binder); absent as under every other test. */
  terminal?: UiTerminal;
  /** The locale variables (LC_ALL, LC_CTYPE, LANG) the glyph set is chosen from; default: the Unicode set. */
  locale?: Record<string, string>;
  /** Spinners animate (UiSettings.animate); default held, so every frame is deterministic. */
  animate?: boolean;
}

/** The one way UI tests render the console: fixed columns and rows, a fake engine, a fixed clock. */
export async function renderConsole(opts: RenderOptions = {}) {
  const columns = opts.columns ?? 120;
  const rows = opts.rows ?? 40;
  const engine = opts.engine ?? new FakeEngine();
  const settings: UiSettings = {
    theme: { ...(opts.theme === 'mono' ? MONO_THEME : COLOR_THEME), ...(opts.locale ? { glyphs: glyphsFor(opts.locale) } : {}) },
    keys: buildKeyTable(opts.keys ?? {}),
    compactBelowColumns: 100,
    // Held unless a test asks: a spinner's timer would change the frame between two reads.
    animate: opts.animate ?? false,
  };
  const onExit = vi.fn();
  let size = { columns, rows };
  const tree = () => (
    <SizeOverrideProvider value={size}>
      <App
        engine={engine}
        settings={settings}
        clock={fixedClock(opts.now ?? 1_000_000)}
        onExit={onExit}
        initialPane={opts.initialPane}
        {...(opts.terminal ? { terminal: opts.terminal } : {})}
      />
    </SizeOverrideProvider>
  );
  let r!: ReturnType<typeof inkRender>;
  await act(async () => {
    r = inkRender(tree());
  });
  // ink-testing-library's stdout is always 100 columns; make Ink lay out at our width too.
  Object.defineProperty(r.stdout, 'columns', { get: () => size.columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { get: () => size.rows, configurable: true });
  await act(async () => {
    r.stdout.emit('resize');
  });

  const frame = () => (r.lastFrame() ?? '').replace(ANSI, '');
  let lastPress = 0;
  return {
    engine,
    onExit,
    frame,
    /** The frame as written, escape sequences included. */
    rawFrame: () => r.lastFrame() ?? '',
    lines: () => frame().split('\n'),
    /** Sends keys one at a time (as a person types), each inside act. */
    async press(...keys: string[]) {
      for (const k of keys) {
        // A key right after one that changed nothing is held up to 20 ms by the key queue (it
        // waits for a commit that never comes); spacing keys that far apart keeps every delivery,
        // and the state update it causes, inside this act().
        const since = Date.now() - lastPress;
        if (since < KEY_SPACING_MS) await new Promise((res) => setTimeout(res, KEY_SPACING_MS - since));
        lastPress = Date.now();
        await act(async () => {
          r.stdin.write(k);
          // A lone Escape is held 20 ms by Ink's parser to tell it from an escape sequence.
          await new Promise((res) => setTimeout(res, k === KEY.escape ? 30 : 1));
        });
      }
    },
    async type(text: string) {
      for (const ch of text) await this.press(ch);
    },
    async update(fn: () => void) {
      await act(async () => {
        fn();
      });
    },
    async resize(c: number, h: number) {
      size = { columns: c, rows: h };
      await act(async () => {
        r.rerender(tree());
        r.stdout.emit('resize');
      });
    },
    async waitForText(text: string | RegExp, timeoutMs = 3000) {
      return waitFor(
        async () => {
          await act(async () => {
            await new Promise((res) => setTimeout(res, 5));
          });
          const f = frame();
          return typeof text === 'string' ? f.includes(text) : text.test(f);
        },
        { timeoutMs, what: `frame containing ${String(text)}\n${frame()}` },
      );
    },
    async unmount() {
      await act(async () => {
        r.unmount();
      });
    },
  };
}
