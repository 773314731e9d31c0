import { redactSecrets } from '../../domain/redact.js';

/**
 * What went wrong, in words the UI and the CLI can act on. `conflict` means nothing was written
 * (a stale content_version, a same-line collision, or a merge conflict); `head-moved` means the
 * PR's head is no longer the commit that was evaluated; `checking` is Gitea's "try again later".
 */
export type GiteaErrorKind =
  | 'config'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'head-moved'
  | 'not-mergeable'
  | 'archived'
  | 'checking'
  | 'precondition'
  | 'validation'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad-response';

export class GiteaError extends Error {
  readonly kind: GiteaErrorKind;
  readonly status: number | null;
  /** What the console was doing, e.g. `GET issue #42`. */
  readonly operation: string;

  constructor(kind: GiteaErrorKind, message: string, { status = null, operation = '' }: { status?: number | null; operation?: string } = {}) {
    // The message is built from server text and URLs; redact before it can reach any output.
    super(redactSecrets(message.replace(/\s+/g, ' ').trim()));
    this.name = 'GiteaError';
    this.kind = kind;
    this.status = status;
    this.operation = operation;
  }

  /** One line for the UI: `Gitea: GET issue #42: 404 not found`. */
  get line(): string {
    const where = this.operation ? `${this.operation}: ` : '';
    return redactSecrets(`Gitea: ${where}${this.message}`);
  }

  /** Reads that failed this way may succeed when tried again. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server' || this.kind === 'bad-response' || this.kind === 'checking';
  }
}

export function isGiteaError(err: unknown, kind?: GiteaErrorKind): err is GiteaError {
  return err instanceof GiteaError && (kind === undefined || err.kind === kind);
}
