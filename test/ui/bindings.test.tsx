import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hintText, type Binding } from '../../src/ui/keys/bindings.js';
import { colonUsage, COLON_COMMANDS } from '../../src/ui/keys/colon-commands.js';
import { buildKeyTable, COMMANDS, type Command } from '../../src/ui/keys/commands.js';
import { colonCommandsMarkdown, helpLines, keyTableMarkdown } from '../../src/ui/keys/key-docs.js';
import { displayBinding } from '../../src/ui/keys/keypress.js';
import { repoRoot } from '../support/shared.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const DOC = `${repoRoot}/docs/console.md`;

/** The text between `<!-- generated:NAME ... -->` and `<!-- /generated:NAME -->`. */
function section(doc: string, name: string): { start: number; end: number; text: string } {
  const open = doc.indexOf(`<!-- generated:${name}`);
  const close = doc.indexOf(`<!-- /generated:${name} -->`);
  expect(open, `docs/console.md has the generated:${name} markers`).toBeGreaterThan(-1);
  expect(close).toBeGreaterThan(open);
  const start = doc.indexOf('\n', open) + 1;
  return { start, end: close, text: doc.slice(start, close).trim() };
}

describe('the binding table generates help, the hint bar and docs/console.md', () => {
  const table = buildKeyTable();

  it('help lists every command of the table once, and none that writes in read-only mode', () => {
    const lines = helpLines(table.specs, false);
    expect(lines.map((l) => l.command).sort()).toEqual((Object.keys(COMMANDS) as Command[]).sort());
    const ro = helpLines(table.specs, true);
    expect(ro.some((l) => COMMANDS[l.command].writes)).toBe(false);
    expect(ro.length).toBe(lines.length - Object.values(COMMANDS).filter((c) => c.writes).length);
  });

  it('the hint bar shows live bindings only: the view first, off keys and read-only write keys left out', () => {
    const live = (command: Command): Binding => ({ command, run: () => {} });
    const off = (command: Command): Binding => ({ command, run: () => {}, disabledReason: () => 'nothing selected' });
    const bindings = [live('help'), live('down'), live('merge'), off('prRollback'), live('mergeResume')];
    expect(hintText(table, false, bindings)).toBe('m merge  c continue loop  ↓ move  ? help');
    expect(hintText(table, true, bindings)).toBe('↓ move  ? help');
    // A rebinding shows in the hint bar, because the keys come from the table.
    expect(hintText(buildKeyTable({ merge: ['M'] }), false, [live('merge')])).toBe('M merge');
  });

  it('docs/console.md lists exactly the keys and : commands the table has', () => {
    let doc = readFileSync(DOC, 'utf8');
    const generated = { keys: keyTableMarkdown(table.specs), colon: colonCommandsMarkdown() };
    if (process.env.UPDATE_DOCS) {
      for (const [name, text] of Object.entries(generated)) {
        const s = section(doc, name);
        doc = `${doc.slice(0, s.start)}${text}\n${doc.slice(s.end)}`;
      }
      writeFileSync(DOC, doc);
    }
    expect(section(doc, 'keys').text, 'docs/console.md key table drifted: UPDATE_DOCS=1 vitest run test/ui/bindings.test.tsx').toBe(generated.keys);
    expect(section(doc, 'colon').text).toBe(generated.colon);
    // And the generated table really is the help: every help line's keys and text are in it.
    for (const l of helpLines(table.specs, false)) {
      const row = section(doc, 'keys')
        .text.split('\n')
        .find((r) => r.includes(`\`${l.command}\``));
      expect(row, l.command).toBeDefined();
      for (const k of table.specs[l.command].keys) expect(row).toContain(`\`${displayBinding(k).replace(/\|/g, '\\|')}\``);
    }
    for (const c of COLON_COMMANDS) expect(colonUsage()).toContain(`:${c.name}`);
  });
});

describe('a key pressed while off says why', () => {
  it('start on a ticked item: labelled (off), left out of the hints, and pressing it gives the reason without planning', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 48 });
    await ui.press('j', KEY.down, KEY.enter);
    await ui.waitForText('B2  Sync home-assistant');
    expect(ui.frame()).toContain('[s] start step (off)');
    expect(ui.lines().at(-1)).not.toContain('s start');
    await ui.press('s');
    await ui.waitForText('B2 is already done (ticked)');
    await ui.press('p');
    await ui.waitForText('nothing to judge');
    expect(engine.called('planStep')).toHaveLength(0);
    expect(engine.called('judgeStep')).toHaveLength(0);
    expect(ui.frame()).not.toContain('CONFIRM');
    await ui.unmount();
  });

  it('continue in the queue while the loop is not stopped says so, and resumes nothing', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    expect(ui.lines().at(-1)).not.toContain('continue loop');
    await ui.press('c');
    await ui.waitForText('the merge loop is not stopped: nothing to continue');
    expect(engine.called('resumeMergeLoop')).toHaveLength(0);
    await ui.unmount();
  });
});
