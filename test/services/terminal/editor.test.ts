import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorCommand, editText } from '../../../src/services/terminal/editor.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-editor-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A scripted "editor": records its arguments and the file's mode, then writes `text` into the file. */
function fakeEditor(name: string, text: string, exit = 0): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh\nlast=""; for a in "$@"; do last="$a"; done\nprintf '%s\\n' "$@" > "${file}.args"\nstat -c %a "$last" > "${file}.mode"\ncat "$last" > "${file}.seen"\nprintf '%s' '${text}' > "$last"\nexit ${exit}\n`,
  );
  chmodSync(file, 0o755);
  return file;
}
const tmpNotes = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('homelab-console-note-'));

describe('the operator’s editor', () => {
  it('VISUAL before EDITOR before vi, as git and less choose', () => {
    expect(editorCommand({ VISUAL: 'nvim', EDITOR: 'nano' })).toBe('nvim');
    expect(editorCommand({ VISUAL: '  ', EDITOR: 'nano' })).toBe('nano');
    expect(editorCommand({})).toBe('vi');
  });

  it('opens the initial text in a private file, passes arguments as the shell would, and returns what was saved; the file is gone after', async () => {
    const before = tmpNotes();
    const ed = fakeEditor('ed1', 'fail\nit broke');
    const r = await editText({ initial: 'pass\n# help\n', env: { PATH: process.env.PATH, EDITOR: `${ed} --wait -n` } });
    expect(r).toEqual({ ok: true, text: 'fail\nit broke' });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${ed}.args`, 'utf8').split('\n').slice(0, 2)).toEqual(['--wait', '-n']);
    expect(readFileSync(`${ed}.mode`, 'utf8').trim()).toBe('600');
    expect(readFileSync(`${ed}.seen`, 'utf8')).toBe('pass\n# help\n');
    expect(tmpNotes()).toEqual(before);
  });

  it('a non-zero exit discards (vim :cq), a missing editor says to set $VISUAL or $EDITOR; neither returns text', async () => {
    const ed = fakeEditor('ed2', 'pass', 1);
    const quit = await editText({ initial: 'x', env: { PATH: process.env.PATH, VISUAL: ed } });
    expect(quit).toEqual({ ok: false, reason: expect.stringContaining('exited 1: nothing recorded') });
    const missing = await editText({ initial: 'x', env: { PATH: process.env.PATH, EDITOR: '/nonexistent/editor-xyz' } });
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining('was not found: set $VISUAL or $EDITOR') });
  });

  it('runs inside the terminal hand-over it is given (the UI suspends Ink around it)', async () => {
    const ed = fakeEditor('ed3', 'pass');
    const order: string[] = [];
    const terminal = {
      async run<T>(fn: () => Promise<T>): Promise<T> {
        order.push('suspend');
        const v = await fn();
        order.push('resume');
        return v;
      },
    };
    const r = await editText({ initial: 'x', env: { PATH: process.env.PATH, EDITOR: ed }, terminal });
    expect(r.ok).toBe(true);
    expect(order).toEqual(['suspend', 'resume']);
  });
});
