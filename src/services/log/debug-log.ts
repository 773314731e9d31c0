import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../../domain/redact.js';

/**
 * The debug log (`--log-file FILE` or HOMELAB_CONSOLE_LOG): one line per request to Gitea or the
 * Kubernetes API (method, path, status, milliseconds) and per service error, appended to the file.
 * Never a body, a header or a query: only what identifies the request. Every line is redacted
 * again on the way out. Off (a no-op) unless a file is named.
 */
let file: string | null = null;

export function setDebugLogFile(target: string | null): void {
  file = target;
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

export function debugLogEnabled(): boolean {
  return file !== null;
}

function write(component: string, level: 'info' | 'error', message: string): void {
  if (!file) return;
  const line = `${new Date().toISOString()} ${level.padEnd(5)} ${component} ${redactSecrets(message).replace(/[\r\n]+/g, ' ')}\n`;
  try {
    appendFileSync(file, line, { mode: 0o600 });
  } catch {
    // A debug log that cannot be written must not break the command it observes.
  }
}

/** `GET /api/v1/nodes 200 12ms`: the path without its query string. */
export function logRequest(component: string, method: string, pathWithQuery: string, status: number | string, ms: number): void {
  write(component, 'info', `${method} ${pathWithQuery.split('?')[0]} ${status} ${Math.round(ms)}ms`);
}

export function logServiceError(component: string, what: string, err: unknown): void {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  write(component, 'error', `${what}: ${message}`);
}
