import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOnTerminal } from '../runner/run-bash.js';
import { headlessHandover, type TerminalHandover } from './handover.js';

export type { EditResult } from '../../domain/console-engine.js';
import type { EditResult } from '../../domain/console-engine.js';

/** `$VISUAL`, then `$EDITOR`, then `vi` — the order git, crontab and less use. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  for (const name of ['VISUAL', 'EDITOR'] as const) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return 'vi';
}

export interface EditOptions {
  /** What the file holds when the editor opens. */
  initial: string;
  /** The terminal hand-over (the UI suspends Ink); absent: the editor runs on the terminal as is. */
  terminal?: TerminalHandover;
  env?: NodeJS.ProcessEnv;
  /** The file's name (its extension picks the editor's syntax mode). */
  fileName?: string;
}

/**
 * Opens the operator's editor on a private temporary file (its own 0700 directory, the file 0600:
 * a note may quote what a step printed) with the terminal handed over, and returns what was saved.
 * The editor is run as the shell would (`$EDITOR` may carry arguments: `code -w`, `vim -u NONE`),
 * the file's path passed as an argument, never spliced into the command. A non-zero exit (`:cq` in
 * vim) means "discard", as git takes it.
 */
export async function editText(o: EditOptions): Promise<EditResult> {
  const env = o.env ?? process.env;
  const editor = editorCommand(env);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homelab-console-note-'));
  const file = path.join(dir, o.fileName ?? 'NOTE.md');
  try {
    writeFileSync(file, o.initial, { mode: 0o600 });
    const r = await (o.terminal ?? headlessHandover()).run(() => runOnTerminal('sh', ['-c', `${editor} "$1"`, 'sh', file], { env }));
    if (r.error) return { ok: false, reason: `could not start the editor (${editor}): ${r.error}` };
    if (r.exitCode === 127) return { ok: false, reason: `the editor (${editor}) was not found: set $VISUAL or $EDITOR; nothing recorded` };
    if (r.exitCode !== 0)
      return { ok: false, reason: `the editor (${editor}) exited ${r.exitCode ?? r.signal ?? '?'}: nothing recorded (a non-zero exit discards, as in git)` };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (err) {
    return { ok: false, reason: `editor: ${(err as Error).message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
