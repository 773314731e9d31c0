import { GiteaError } from './errors.js';

/** Gateway answers that mean "Gitea itself is not there" (the ingress answered for it). */
const GATEWAY = new Set([502, 503, 504]);

/**
 * Unreachable: the request got no answer from Gitea — connection refused or reset, a timeout, or
 * a gateway's 502/503/504 in front of it. A 4xx (or any answer Gitea itself gave) is not.
 */
export function isUnreachable(err: unknown): err is GiteaError {
  if (!(err instanceof GiteaError)) return false;
  return err.kind === 'network' || err.kind === 'timeout' || (err.kind === 'server' && err.status !== null && GATEWAY.has(err.status));
}

export type ReachabilityState = { reachable: true; since: number } | { reachable: false; since: number; reason: string };

/**
 * Whether Gitea answers, from every request the transport makes (polls, writes, merges): the one
 * place that knows, so the header, the offline queue and the key gate agree.
 */
export class Reachability {
  private state: ReachabilityState = { reachable: true, since: Date.now() };
  private readonly listeners = new Set<(s: ReachabilityState) => void>();

  get current(): ReachabilityState {
    return this.state;
  }

  /** Gitea answered (any status it chose itself). */
  answered(): void {
    if (this.state.reachable) return;
    this.set({ reachable: true, since: Date.now() });
  }

  /** A request failed: only an unreachable failure changes the state. */
  failed(err: unknown): void {
    if (!isUnreachable(err)) {
      if (err instanceof GiteaError) this.answered();
      return;
    }
    const reason = err.message;
    if (!this.state.reachable && this.state.reason === reason) return;
    this.set({ reachable: false, since: this.state.reachable ? Date.now() : this.state.since, reason });
  }

  subscribe(listener: (s: ReachabilityState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(s: ReachabilityState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
}
