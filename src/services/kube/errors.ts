/** The API server answered with an error status (404 NotFound, 409 Conflict, 410 Gone, 5xx …). */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** The API server could not be reached at all (refused, DNS, TLS, timeout). */
export class KubeUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeUnreachableError';
  }
}

/** The kubeconfig user's exec credential plugin could not give a credential (missing, failed, bad output). */
export class KubeCredentialError extends Error {
  constructor(
    message: string,
    /** What to do about it: the plugin's installHint, or how to check the plugin by hand. */
    readonly fix: string,
  ) {
    super(message);
    this.name = 'KubeCredentialError';
  }
}

/** No usable kubeconfig, or the asked-for context is not in it. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/** An action was called with arguments it cannot accept (bad name, negative replicas …). */
export class KubeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeInputError';
  }
}

/** A write was attempted while the console is read-only. Writes are refused, not hidden. */
export class ReadOnlyError extends Error {
  constructor(what: string) {
    super(`read-only mode: refused to ${what}`);
    this.name = 'ReadOnlyError';
  }
}

/** A wait for a condition (rollout, sync, exec) ran out of time; `last` says where it stood. */
export class KubeTimeoutError extends Error {
  constructor(
    what: string,
    timeoutMs: number,
    readonly last: string,
  ) {
    super(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (${last})` : ''}`);
    this.name = 'KubeTimeoutError';
  }
}

/** One line describing any error, for liveness and stderr. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const code = (err as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
    const base = err.message.split('\n')[0] ?? err.name;
    if (cause instanceof Error && !base.includes(cause.message)) return `${base}: ${cause.message.split('\n')[0]}`;
    if (typeof code === 'string' && !base.includes(code)) return `${base} (${code})`;
    return base;
  }
  // ws hands out ErrorEvents ({ message, error }), not Errors: an exec whose upgrade was refused
  // ("Unexpected server response: 403") must say so, not "[object Object]".
  if (err && typeof err === 'object') {
    const inner = (err as { error?: unknown }).error;
    if (inner instanceof Error) return describeError(inner);
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message.split('\n')[0]!;
  }
  return String(err);
}
