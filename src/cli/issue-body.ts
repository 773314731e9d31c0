import { readFile } from 'node:fs/promises';
import { UserError } from './errors.js';
import { analyseIssue, type Analysis } from '../domain/issue/parse.js';

/** A maintenance body and where it came from. */
export interface IssueBody {
  body: string;
  /** How to name the source in messages (`body.md`, `ops/homelab#42`). */
  label: string;
  /** The issue's API title when the source knows it; it wins over the body's H1. */
  title: string | null;
}

/**
 * Where `plan` and `edit` get a body. File mode reads `--issue-file`; live mode (`--issue N`) adds a
 * source that fetches from Gitea — the commands only call `load()`.
 */
export interface BodySource {
  load(): Promise<IssueBody>;
}

export function fileBodySource(command: string, file: string): BodySource {
  return {
    async load() {
      try {
        return { body: await readFile(file, 'utf8'), label: file, title: null };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
        throw new UserError(`${command}: cannot read ${file}: ${why}`, 2);
      }
    },
  };
}

/** Parses a body, refusing one that has nothing of a maintenance runbook in it. */
export function analyseMaintenanceBody(command: string, source: IssueBody): Analysis {
  const a = analyseIssue(source.body);
  const d = a.document;
  if (d.items.length === 0 && !d.hasActionItemsSection && d.overallStatus === null) {
    throw new UserError(`${command}: ${source.label} is not a maintenance body (no Action Items section, checkboxes or Overall Status)`, 2);
  }
  return a;
}
