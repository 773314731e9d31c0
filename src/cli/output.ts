import { displayText, inertJson } from '../domain/display.js';
import { redactDeep, redactSecrets } from '../domain/redact.js';

/**
 * The only writers to stdout and stderr outside the Ink screen (lint forbids
 * process.stdout.write / process.stderr.write elsewhere). Every line is redacted, then made inert
 * for the terminal: whatever an issue body, a PR title, a Kubernetes field or a journal entry
 * holds, it cannot move the cursor, recolour, retitle the window or hide text.
 */

/** Human-readable text: redacted and displayed inert (controls and invisible characters spelled out). */
export function writeOut(text: string): void {
  process.stdout.write(displayText(redactSecrets(text)));
}

/** A message for stderr (warnings, the one-line error of a failed command). */
export function writeErr(text: string): void {
  process.stderr.write(displayText(redactSecrets(text)));
}

/**
 * `--json`: the exact values (redacted), JSON-escaped so that no character in them is one a
 * terminal would act on; `JSON.parse` gives the same strings back.
 */
export function writeJson(value: unknown, indent = 2): void {
  process.stdout.write(`${inertJson(redactDeep(value), indent)}\n`);
}

/**
 * Data the user redirects into a file (the edited issue body of `edit --issue-file`): the exact
 * bytes when stdout is a pipe or a file, inert text when it is a terminal.
 */
export function writeData(text: string): void {
  const redacted = redactSecrets(text);
  process.stdout.write(process.stdout.isTTY ? displayText(redacted) : redacted);
}

/**
 * A progress line on stderr: on a terminal it rewrites itself in place (the carriage return is
 * ours; the text is made inert), elsewhere one line per update. `end` closes the line.
 */
export function writeProgress(text: string | null, tty: boolean): void {
  if (text === null) {
    if (tty) process.stderr.write('\n');
    return;
  }
  const line = displayText(redactSecrets(text), { mode: 'line' });
  process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
}
