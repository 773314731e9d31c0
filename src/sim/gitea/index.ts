export { GiteaSim, ROUTES, type GiteaSimOptions, type RecordedExchange, type RequestHook, type RequestInfo } from './server.js';
export { GiteaWorld, FLAVOR_VERSION, type GiteaFlavor, type SimIssue, type SimPull, type WriteCounters } from './world.js';
export { HumanEditor, type HumanSave } from './human.js';
export { FaultPlan, type FaultKind, type FaultRule } from './faults.js';
export { seedDemoWorld, DEMO_TOKENS, type SeedOptions } from './seed.js';
export type { GiteaSimEvents, GiteaSimEmitter, MergedEvent, BranchChangedEvent, IssueEditedEvent } from './events.js';

import { GiteaSim } from './server.js';
import { seedDemoWorld, type SeedOptions } from './seed.js';

/** The demo's Gitea, seeded and listening on 127.0.0.1. */
export async function startDemoGitea(options: SeedOptions & { port?: number; record?: boolean } = {}): Promise<GiteaSim> {
  const sim = new GiteaSim({ world: seedDemoWorld(options), record: options.record });
  await sim.start(options.port ?? 0);
  return sim;
}
