import type { GiteaSim, RequestInfo } from './server.js';
import type { GiteaWorld } from './world.js';

export interface HumanSave {
  number: number;
  /** The body the person's save produced. */
  body: string;
  contentVersion: number;
  at: number;
}

/**
 * A person editing an issue in Gitea's web UI at the same time as the console. Each save goes
 * through the web UI's own compare-and-swap on content_version (every Gitea and Forgejo has it on
 * the web endpoint), so a person never erases the console; only the console's API PATCH can be
 * unguarded (Gitea ≤ 1.25, Forgejo).
 */
export class HumanEditor {
  readonly saves: HumanSave[] = [];
  /** Saves the web UI refused because the body changed since the editor opened. */
  refused = 0;

  constructor(
    private readonly world: GiteaWorld,
    readonly login = 'admin',
  ) {}

  /** Opens the issue, changes it with `change`, saves at once (a checkbox toggle, a quick line edit). */
  edit(number: number, change: (body: string) => string): HumanSave | null {
    const issue = this.world.issues.get(number);
    if (!issue) return null;
    return this.save(number, change(issue.body), issue.contentVersion);
  }

  /** Opens the editor now and saves later: the save is refused if the body changed meanwhile. */
  open(number: number): { body: string; save: (body: string) => HumanSave | null } {
    const issue = this.world.issues.get(number);
    if (!issue) throw new Error(`no issue #${number}`);
    const version = issue.contentVersion;
    return { body: issue.body, save: (body) => this.save(number, body, version) };
  }

  /** Runs `action` whenever the simulator receives a matching request, before handling it. */
  when(sim: GiteaSim, matches: (info: RequestInfo) => boolean, action: (info: RequestInfo) => void): () => void {
    return sim.onRequest((info) => {
      if (matches(info)) action(info);
    });
  }

  /** Edits every `ms` until stopped (the demo's "someone else is in the issue"). */
  every(ms: number, number: number, change: (body: string) => string): () => void {
    const timer = setInterval(() => this.edit(number, change), ms);
    timer.unref();
    return () => clearInterval(timer);
  }

  private save(number: number, body: string, expectedVersion: number): HumanSave | null {
    const result = this.world.saveBody(number, body, this.login, expectedVersion);
    if (!result.ok) {
      this.refused++;
      return null;
    }
    const save = { number, body, contentVersion: result.issue.contentVersion, at: Date.now() };
    this.saves.push(save);
    return save;
  }
}
