import { GiteaClient } from '../../../src/services/gitea/client.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld, type SeedOptions } from '../../../src/sim/gitea/index.js';

/** A seeded simulator (recording exchanges) and a client logged in as admin. */
export async function startWorld(options: SeedOptions & { record?: boolean; retries?: number; timeoutMs?: number; log?: (l: string) => void } = {}) {
  const sim = new GiteaSim({ world: seedDemoWorld(options), record: options.record ?? true });
  await sim.start();
  const client = new GiteaClient({
    baseUrl: sim.url,
    token: DEMO_TOKENS.admin,
    repo: { owner: 'ops', name: 'homelab' },
    retries: options.retries ?? 2,
    backoffMs: 5,
    timeoutMs: options.timeoutMs ?? 5_000,
    log: options.log,
  });
  return {
    sim,
    world: sim.world,
    client,
    async stop() {
      await client.close();
      await sim.stop();
    },
  };
}
