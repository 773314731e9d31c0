import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { colonLabel, COLON_SPECS } from '../../src/ui/keys/colon-commands.js';
import { repoRoot } from '../support/shared.js';
import type { Command } from '../../src/ui/keys/commands.js';
import { buildKeyTable } from '../../src/ui/keys/commands.js';
import { helpLines } from '../../src/ui/keys/key-docs.js';
import { waitFor } from '../support/wait.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

/** A key-table binding as the terminal sends it. */
function sequence(binding: string): string {
  const named: Record<string, string> = {
    up: KEY.up,
    down: KEY.down,
    left: KEY.left,
    right: KEY.right,
    pageup: KEY.pageUp,
    pagedown: KEY.pageDown,
    home: '\u001B[H',
    end: '\u001B[F',
    return: KEY.enter,
    escape: KEY.escape,
    tab: KEY.tab,
    'shift+tab': KEY.shiftTab,
    space: ' ',
  };
  if (named[binding]) return named[binding];
  const ctrl = /^ctrl\+([a-z])$/.exec(binding);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  if (binding.length === 1) return binding;
  throw new Error(`no terminal sequence for ${binding}`);
}

const cmd = (line: string) => [':', ...line, KEY.enter];
const DIALOG = [KEY.enter, 's'];

/**
 * Where each key is pressed: the keys that bring the console into the view help lists it for
 * (160x48, the fixtures' issue, health, Ceph and queue). A Record over every command: a binding
 * added to the table without a case here does not compile.
 */
const CASES: Record<Command, { setup?: string[]; pane?: 'items' | 'queue' }> = {
  up: { setup: ['j'] },
  down: {},
  top: { setup: ['j', 'j'] },
  bottom: {},
  pageUp: { setup: ['G'] },
  pageDown: {},
  nextPane: {},
  prevPane: {},
  pane1: { setup: ['2'] },
  pane2: {},
  pane3: {},
  pane4: {},
  open: {},
  filter: {},
  commandLine: {},
  paletteUp: { setup: [':'] },
  paletteDown: { setup: [':'] },
  paletteComplete: { setup: [':', 'i', 's', 's'] },
  paletteRun: { setup: [':', 'c', 'e', 'p', 'h'] },
  refresh: {},
  help: {},
  back: { setup: [KEY.enter] },
  quit: {},
  interrupt: {},
  suspend: {},
  stepStart: {},
  stepPass: {},
  stepFail: {},
  stepDefer: {},
  stepNoteEditor: {},
  stepRollback: {},
  stepEscalate: {},
  merge: { pane: 'queue' },
  prRollback: { pane: 'queue' },
  mergeResume: { pane: 'queue' },
  protocolNext: { pane: 'queue' },
  mergeStop: {},
  safeState: {},
  escalationResume: {},
  outputOpen: {},
  issueOpen: {},
  search: { setup: ['i'] },
  searchNext: { setup: ['i', '/', 'P', '1', KEY.enter] },
  searchPrev: { setup: ['i', '/', 'P', '1', KEY.enter] },
  reconToggle: { setup: cmd('recon') },
  reconAdd: { setup: cmd('recon') },
  reconClose: { setup: cmd('recon') },
  reconEscalate: { setup: cmd('recon') },
  closureConfirm: { setup: cmd('close') },
  closureLesson: { setup: cmd('close') },
  closureCancel: { setup: cmd('close') },
  relatedToggle: { setup: cmd('related') },
  relatedAct: { setup: cmd('related') },
  verifyDone: { setup: cmd('verify') },
  verifyFailed: { setup: cmd('verify') },
  verifyUnknown: { setup: cmd('verify') },
  verifyReapply: { setup: cmd('verify') },
  dialogSwitch: { setup: DIALOG },
  dialogActivate: { setup: DIALOG },
  copy: {},
};

const table = buildKeyTable();
const every = helpLines(table.specs, false).flatMap((l) => table.specs[l.command].keys.map((key) => ({ command: l.command, view: l.view, key })));

describe('every key help lists acts in its view, or says why it is off', () => {
  it.each(every)('$command ($key) in $view', async ({ command, key }) => {
    const c = CASES[command];
    const engine = new FakeEngine();
    fillAll(engine.stores);
    // A plan for A1's start: the dialog's own keys have a dialog to act in.
    engine.plans.set('step:A1', {
      ok: true,
      request: {
        action: 'run-step',
        title: 'Start A1',
        target: 'osd.8',
        command: 'ceph osd purge 8',
        destructive: true,
        challenge: null,
        notes: [],
        binding: { kind: 'item', id: 'A1', version: null },
        dryRun: false,
      },
    });
    const ui = await renderConsole({ engine, columns: 160, rows: 48, ...(c.pane ? { initialPane: c.pane } : {}) });
    for (const k of c.setup ?? []) await ui.press(k);
    // Settled: the same frame twice in a row.
    let before = '';
    await waitFor(
      async () => {
        await ui.update(() => {});
        const now = ui.frame();
        const same = now === before;
        before = now;
        return same;
      },
      { timeoutMs: 5000, intervalMs: 60, what: 'the frame to settle' },
    );
    const calls = engine.calls.length;
    await ui.press(sequence(key));
    // Observable: the frame changed (it acted, or the message line says why it is off), the
    // engine was asked for something, or the console quit.
    await waitFor(
      async () => {
        await ui.update(() => {});
        return ui.frame() !== before || engine.calls.length > calls || ui.onExit.mock.calls.length > 0;
      },
      { timeoutMs: 5000, what: `${command} (${key}) to do something visible\n${before}` },
    );
    await ui.unmount();
  });

  it('covers every command of the table', () => {
    expect(new Set(every.map((e) => e.command))).toEqual(new Set(Object.keys(CASES)));
  });
});

describe('every : command is in help and in docs/console.md', () => {
  it('help, scrolled to its end, lists each one with its description; the doc names each one and its aliases', async () => {
    const ui = await renderConsole({ engine: new FakeEngine(), columns: 160, rows: 48 });
    await ui.press('?', 'G');
    await ui.waitForText(': commands (the palette lists them');
    for (const c of COLON_SPECS) expect(ui.frame()).toMatch(new RegExp(`${colonLabel(c)} +${c.description.slice(0, 20).replace(/[()[\].]/g, '\\$&')}`));
    await ui.unmount();
    const doc = readFileSync(`${repoRoot}/docs/console.md`, 'utf8');
    for (const c of COLON_SPECS) for (const n of [c.name, ...c.aliases]) expect(doc, n).toContain(`\`:${n}${c.args ? ` ${c.args}` : ''}\``);
  });
});
