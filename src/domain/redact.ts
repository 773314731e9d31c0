/**
 * One redactor for every path out of the process — stdout, stderr, the journal, logs, error
 * messages, the TUI. It masks exactly:
 *   - the secret values the console holds (Gitea tokens, kube bearer tokens, passwords, key data,
 *     exec-plugin tokens), registered by the service that loads them, and their URL-encoded form;
 *   - URL userinfo passwords (`https://user:‹redacted›@host`) and bare http(s) userinfo tokens;
 *   - credential-like query parameters (`?token=‹redacted›`, `access_token`, `X-Amz-Signature` …);
 *   - literal credentials where the syntax itself says "this is a credential": an Authorization
 *     header's value, `NAME_TOKEN=value` / `NAME_PASSWORD=value` assignments, `"password": "value"`.
 * Nothing else: no pattern over prose ("password: see the vault", a config error naming
 * `gitea.tokenFile` stay as written), and a value that is a shell expansion (`$TOKEN`, `${TOKEN}`,
 * `$(cat f)`) is never masked, so a command shown to the operator is the command that runs. The
 * executed text itself is never passed through here.
 */
const knownSecrets = new Set<string>();
let ordered: string[] = [];

export const REDACTED = '‹redacted›';

/** Remember a secret value so it is masked wherever it appears later. Short values are ignored. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 6) return;
  const before = knownSecrets.size;
  knownSecrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) knownSecrets.add(encoded);
  // Longest first, so a secret that contains another is masked whole.
  if (knownSecrets.size !== before) ordered = [...knownSecrets].sort((a, b) => b.length - a.length);
}

/**
 * Registers the credential in an Authorization header value the client library computed (exec
 * plugins and OIDC hand out tokens at run time that no configuration file holds).
 */
export function registerAuthorization(header: string | undefined | null): void {
  if (!header) return;
  const m = /^\s*(bearer|token|basic)\s+(\S+)\s*$/i.exec(header);
  if (!m) return registerSecret(header.trim());
  registerSecret(m[2]);
  if (m[1]!.toLowerCase() === 'basic') {
    let decoded: string;
    try {
      decoded = atob(m[2]!);
    } catch {
      return; // not base64: the header value itself is registered
    }
    const colon = decoded.indexOf(':');
    if (colon >= 0) registerSecret(decoded.slice(colon + 1));
  }
}

/** For tests: forget every registered secret. */
export function clearRegisteredSecrets(): void {
  knownSecrets.clear();
  ordered = [];
}

const isVariable = (v: string) => /^["']?\$/.test(v);

// scheme://user:password@  — the password part only; a `$VAR` password stays.
const USERINFO_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'`]*:)([^\s@/?#"'`]+)(@)/gi;
// http(s)://TOKEN@host — a user-only userinfo long enough to be a token (never `git@`, `ops@`).
const USERINFO_TOKEN = /\b(https?:\/\/)([A-Za-z0-9_\-.~%]{20,})(@)/gi;
// ?token=… &access_token=… — values of credential-named query parameters.
const QUERY_CREDENTIAL =
  /([?&](?:access[_-]?token|auth[_-]?token|id[_-]?token|refresh[_-]?token|private[_-]?token|token|password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|code)=)([^&\s#"'`]+)/gi;

// Authorization: token|Bearer|Basic <literal>
const AUTH_HEADER = /(authorization\s*:\s*(?:token|bearer|basic)\s+)([^\s"'`,}]+)/gi;
// GITEA_TOKEN=literal (an env-style name that ends in a credential word; no space around =)
const CREDENTIAL_ASSIGNMENT = /\b([A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|API_KEY)=)("[^"$]*"|'[^']*'|[^\s&;|"'`$()]+)/g;
// "password": "literal" (a quoted JSON/YAML value under a credential key)
const CREDENTIAL_FIELD = /(["'](?:access_token|token|password|passwd|secret|client_secret|api_key)["']\s*:\s*)("[^"$]+"|'[^'$]+')/gi;

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  if (!out.includes('://') && !out.includes('=') && !out.includes(':')) return out;
  const literal = (all: string, head: string, value: string) => (isVariable(value) || value.includes(REDACTED) ? all : `${head}${REDACTED}`);
  out = out.replace(AUTH_HEADER, literal);
  out = out.replace(CREDENTIAL_ASSIGNMENT, literal);
  out = out.replace(CREDENTIAL_FIELD, literal);
  out = out.replace(USERINFO_PASSWORD, (all, head: string, value: string, at: string) =>
    isVariable(value) || value === REDACTED ? all : `${head}${REDACTED}${at}`,
  );
  out = out.replace(USERINFO_TOKEN, (all, head: string, value: string, at: string) => (isVariable(value) ? all : `${head}${REDACTED}${at}`));
  out = out.replace(QUERY_CREDENTIAL, (all, head: string, value: string) => (isVariable(value) || value === REDACTED ? all : `${head}${REDACTED}`));
  return out;
}

/** Every string inside a JSON-able value, redacted (for `--json` output and journal entries). */
export function redactDeep<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** An error as one redacted line for the UI, a log or the journal: its first line, never a stack. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return redactSecrets(text.split('\n')[0]!.trim());
}
