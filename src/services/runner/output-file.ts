import { closeSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../../domain/redact.js';

/** One step's file holds at most this much (its newest lines): evidence, not an archive of a runaway log. */
export const OUTPUT_FILE_BYTES = 1024 * 1024;
/** The directory keeps this many step files, the oldest removed first. */
export const OUTPUT_FILES_KEPT = 200;

/** `<state dir>/homelab-console/output`, beside the journal that names each file. */
export function outputDirFor(journalFile: string): string {
  return path.join(path.dirname(journalFile), 'output');
}

export interface SavedOutput {
  file: string;
  lines: number;
  /** Lines not in the file: dropped by the output store or over the byte bound. */
  dropped: number;
}

/**
 * Keeps one step's full output in the state dir (`<stepId>.log`, mode 600): a header saying which
 * step and when, then the newest lines that fit OUTPUT_FILE_BYTES, each passed through the
 * redactor again (a secret registered after the line was shown is masked here too). The directory
 * is pruned to OUTPUT_FILES_KEPT. Never throws: a full disk must not fail the step it records.
 */
export function saveStepOutput(
  dir: string,
  step: { stepId: string; title: string; at: Date },
  lines: readonly string[],
  droppedBefore = 0,
): SavedOutput | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const kept: string[] = [];
    let bytes = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = `${redactSecrets(lines[i]!)}\n`;
      const size = Buffer.byteLength(line);
      if (bytes + size > OUTPUT_FILE_BYTES) break;
      kept.push(line);
      bytes += size;
    }
    kept.reverse();
    const dropped = droppedBefore + lines.length - kept.length;
    const header = `# ${redactSecrets(step.title).replace(/\s+/g, ' ')} — ${step.at.toISOString()} — step ${step.stepId}${
      dropped ? ` — ${dropped} earlier line${dropped === 1 ? '' : 's'} not kept` : ''
    }\n`;
    const file = path.join(dir, `${step.stepId.replace(/[^\w.-]/g, '_')}.log`);
    const fd = openSync(file, 'w', 0o600);
    try {
      writeSync(fd, header + kept.join(''));
    } finally {
      closeSync(fd);
    }
    prune(dir);
    return { file, lines: kept.length, dropped };
  } catch {
    return null;
  }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => {
      const full = path.join(dir, f);
      return { full, mtime: statSync(full).mtimeMs };
    });
  if (files.length <= OUTPUT_FILES_KEPT) return;
  files.sort((a, b) => a.mtime - b.mtime);
  for (const f of files.slice(0, files.length - OUTPUT_FILES_KEPT)) unlinkSync(f.full);
}
