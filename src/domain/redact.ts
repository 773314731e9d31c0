/**
 * One place that knows what a secret looks like. Services register every credential value they
 * load (Gitea token, kube bearer token, passwords); every line that leaves the process — stdout,
 * stderr, the journal, error messages — passes through redactSecrets.
 */
const knownSecrets = new Set<string>();

export const REDACTED = '‹redacted›';

/** Remember a secret value so it is masked wherever it appears later. Short values are ignored. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) knownSecrets.add(value);
}

/** For tests: forget every registered secret. */
export function clearRegisteredSecrets(): void {
  knownSecrets.clear();
}

const patterns: Array<[RegExp, string]> = [
  // Authorization: token abc / Bearer abc / Basic abc
  [/(authorization\s*[:=]\s*["']?)(token|bearer|basic)\s+[^\s"',}]+/gi, `$1$2 ${REDACTED}`],
  // token=..., access_token=..., password: ..., GITEA_TOKEN=..., "token": "..."
  [/((?:[A-Z0-9_]*(?:TOKEN|PASSWORD|SECRET|PASSWD|API_KEY))\s*=\s*)("[^"]*"|'[^']*'|[^\s&]+)/g, `$1${REDACTED}`],
  [/(["']?(?:access_token|token|password|passwd|secret|client_secret|api_key)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s&,}]+)/gi, `$1${REDACTED}`],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [re, replacement] of patterns) out = out.replace(re, replacement);
  return out;
}

/** An error as one redacted line for the UI, a log or the journal: its first line, never a stack. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return redactSecrets(text.split('\n')[0]!.trim());
}
