import { describe, expect, it } from 'vitest';
import type { ConfirmAction, ConfirmRequest } from '../../src/domain/console-engine.js';
import { COLON_COMMANDS, paletteEnter, paletteMatches } from '../../src/ui/keys/colon-commands.js';
import { PALETTE_MAX_ROWS } from '../../src/ui/components/CommandPalette.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const CTRL_N = '\u000e';
const CTRL_P = '\u0010';
const REASON = 'OSD disk on k3s-w3 is failing';

/** The palette's rows: the lines of the frame that hold a `:command` in its box. */
const paletteRows = (frame: string) => frame.split('\n').filter((l) => /^[║#] *(►|>)? *:\S+.* ([√+] ready|[■X] off) /.test(l));
const highlighted = (frame: string) => paletteRows(frame).find((l) => /^[║#] *(►|>)/.test(l)) ?? '';

function engineWith(over: { escalated?: string; readOnly?: boolean } = {}) {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  if (over.escalated) engine.stores.session.setState({ escalated: over.escalated });
  if (over.readOnly) engine.stores.session.setState({ mode: 'READ-ONLY' });
  const request = (action: ConfirmAction, command: string): ConfirmRequest => ({
    action,
    title: action,
    target: 'the Ceph cluster',
    command,
    destructive: false,
    challenge: null,
    notes: [],
    binding: { kind: 'item', id: action, version: null },
    dryRun: false,
  });
  engine.plans.set('safe-state:noout', { ok: true, request: request('safe-state', 'ceph osd set noout') });
  engine.plans.set('resume:escalation', { ok: true, request: request('resume', 'lift the escalation stop') });
  return engine;
}

describe('the : command palette', () => {
  for (const [columns, rows] of [
    [40, 20],
    [160, 48],
  ] as const) {
    it(`at ${columns}x${rows} lists the commands in a box that fits, scrolls its window, and moves with the arrows and Ctrl-N/Ctrl-P`, async () => {
      const ui = await renderConsole({ engine: engineWith(), columns, rows });
      await ui.press(':');
      await ui.waitForText(`1/${COLON_COMMANDS.length}`);
      expect(ui.lines().length).toBeLessThanOrEqual(rows);
      expect(ui.lines().at(-1)).toBe(':');
      // Virtualised: only the window is drawn, the first command highlighted.
      const shown = PALETTE_MAX_ROWS;
      expect(paletteRows(ui.frame())).toHaveLength(shown);
      expect(highlighted(ui.frame())).toContain(':issue N');
      expect(ui.frame()).not.toContain(':help ');
      // Down past the window scrolls it: the last command comes into view, the first leaves.
      for (let i = 0; i < COLON_COMMANDS.length - 1; i++) await ui.press(i % 2 ? KEY.down : CTRL_N);
      await ui.waitForText(`${COLON_COMMANDS.length}/${COLON_COMMANDS.length}`);
      expect(highlighted(ui.frame())).toContain(':q');
      expect(paletteRows(ui.frame())).toHaveLength(shown);
      expect(ui.frame()).not.toContain(':issue N');
      await ui.press(CTRL_P, KEY.up);
      await ui.waitForText(`${COLON_COMMANDS.length - 2}/${COLON_COMMANDS.length}`);
      expect(highlighted(ui.frame())).toContain(':refresh');
      expect(ui.lines().length).toBeLessThanOrEqual(rows);
      await ui.press(KEY.escape);
      await ui.waitForText(/^(?![\s\S]*Tab complete)/);
      expect(paletteRows(ui.frame())).toHaveLength(0);
      await ui.unmount();
    });
  }

  it('typing filters the list; letters and digits go into the line (ink-select-input reads no key); Tab completes; Enter runs the highlighted command', async () => {
    const engine = engineWith();
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    await ui.press(':');
    await ui.type('cri');
    await ui.waitForText('1/1');
    expect(paletteRows(ui.frame()).map((l) => l.replace(/[║►\s]+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^:criteria √ ready the workflow's success criteria/),
    ]);
    await ui.press(KEY.enter);
    await ui.waitForText('Success criteria (2/13 met)');
    expect(ui.lines().at(-1)).not.toMatch(/^:/);

    // j, k and 1 are text here, not ink-select-input's moves and picks.
    await ui.press(':');
    await ui.type('jk1');
    await ui.waitForText(':jk1');
    await ui.waitForText('nothing matches :jk1');
    for (let i = 0; i < 3; i++) await ui.press(KEY.backspace);
    // Tab completes an argument-taking command and waits for the argument; so does Enter.
    await ui.type('iss');
    await ui.press(KEY.tab);
    await ui.waitForText(/^:issue$/m);
    expect(engine.called('openIssue')).toEqual([]);
    // The completion ends in a space: the argument follows it.
    await ui.type('7');
    await ui.waitForText(/^:issue 7$/m);
    await ui.press(KEY.enter);
    await ui.waitForText('issue #7 open');
    expect(engine.called('openIssue')).toEqual([{ method: 'openIssue', args: [7] }]);
    await ui.press(':');
    await ui.type('issue');
    await ui.press(KEY.enter);
    await ui.type('8');
    await ui.waitForText(/^:issue 8$/m);
    expect(engine.called('openIssue')).toHaveLength(1);
    await ui.press(KEY.escape);

    // An alias is found and named; an unknown word still answers as unknown.
    await ui.press(':');
    await ui.type('queue');
    await ui.waitForText('(also :queue :pr)');
    await ui.press(KEY.escape, ':');
    await ui.type('frobnicate');
    await ui.press(KEY.enter);
    await ui.waitForText('unknown command :frobnicate');
    await ui.unmount();
  });

  it('status is glyph + word, in the mono theme (what NO_COLOR selects) and with the ASCII glyphs of a non-UTF-8 locale', async () => {
    const mono = await renderConsole({ engine: engineWith(), columns: 120, rows: 40, theme: 'mono' });
    await mono.press(':');
    await mono.type('s');
    await mono.waitForText(/:safe +■ off +after an escalation/);
    expect(mono.frame()).toMatch(/:prs +√ ready +focus the Renovate queue/);
    await mono.unmount();
    const ascii = await renderConsole({ engine: engineWith(), columns: 120, rows: 40, theme: 'mono', locale: { LANG: 'C' } });
    await ascii.press(':');
    await ascii.type('safe');
    await ascii.waitForText(/> :safe +X off +after an escalation/);
    expect(ascii.frame()).toContain('X off: nothing is escalated (e on an action item escalates it)');
    expect(ascii.frame()).not.toMatch(/[►■√]/u);
    await ascii.unmount();
  });
});

describe(':safe and :resume are the S and U keys spelled out', () => {
  it('without an escalation both answer with the keys’ reason and plan nothing', async () => {
    const engine = engineWith();
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    for (const word of ['safe', 'resume']) {
      await ui.press(':');
      await ui.type(word);
      await ui.press(KEY.enter);
      await ui.waitForText('nothing is escalated (e on an action item escalates it)');
      await ui.update(() => engine.stores.session.setState({ messages: [] }));
    }
    expect(engine.called('planSafeState')).toEqual([]);
    expect(engine.called('planResumeEscalation')).toEqual([]);
    await ui.unmount();
  });

  it('while escalated :safe plans the safe state and :resume the resume, each through the dialog; the rows say ready', async () => {
    const engine = engineWith({ escalated: REASON });
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    await ui.press(':');
    await ui.type('res');
    await ui.waitForText(/:resume +√ ready/);
    await ui.press(KEY.escape, ':');
    await ui.type('safe');
    await ui.press(KEY.enter);
    await ui.waitForText('ceph osd set noout');
    expect(engine.called('planSafeState')).toHaveLength(1);
    await ui.press(KEY.escape);
    await ui.waitForText('cancelled: safe-state');
    await ui.press(':');
    await ui.type('resume');
    await ui.press(KEY.enter);
    await ui.waitForText('lift the escalation stop');
    expect(engine.called('planResumeEscalation')).toHaveLength(1);
    expect(engine.called('runStep')).toEqual([]);
    await ui.unmount();
  });

  it('read-only refuses both as it refuses the keys', async () => {
    const engine = engineWith({ escalated: REASON, readOnly: true });
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    await ui.press(':');
    await ui.type('safe');
    await ui.press(KEY.enter);
    await ui.waitForText('read-only: applying the safe state is off (--read-only)');
    await ui.press(':');
    await ui.type('resume');
    await ui.press(KEY.enter);
    await ui.waitForText('read-only: resuming after the escalation is off (--read-only)');
    expect(engine.called('planSafeState')).toEqual([]);
    expect(engine.called('planResumeEscalation')).toEqual([]);
    await ui.unmount();
  });
});

describe('the palette line, pure', () => {
  it('ranks exact names and aliases first, then prefixes, substrings and descriptions', () => {
    expect(paletteMatches('pr')[0]!.name).toBe('prs');
    expect(paletteMatches('quit').map((c) => c.name)).toEqual(['q']);
    expect(paletteMatches('noout').map((c) => c.name)).toEqual(['safe']);
    expect(paletteMatches('zz')).toEqual([]);
    expect(paletteMatches('')).toHaveLength(COLON_COMMANDS.length);
  });

  it('Enter: a named command runs as typed, an argument is waited for, an unknown word runs to be refused', () => {
    const issue = COLON_COMMANDS[0];
    expect(paletteEnter('issue 7', null)).toEqual({ kind: 'run', line: 'issue 7' });
    expect(paletteEnter('iss', issue)).toEqual({ kind: 'complete', line: 'issue ' });
    expect(paletteEnter('iss 9', issue)).toEqual({ kind: 'run', line: 'issue 9' });
    expect(paletteEnter('frob', null)).toEqual({ kind: 'run', line: 'frob' });
    expect(paletteEnter('', null)).toEqual({ kind: 'none' });
  });
});
