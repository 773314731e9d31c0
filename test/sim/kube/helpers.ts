import { KubeConfig } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { KubeSim, type KubeSimOptions } from '../../../src/sim/kube/index.js';

const started: KubeSim[] = [];

/** Starts a simulator that is stopped after the test. */
export async function startSim(opts: KubeSimOptions = {}): Promise<KubeSim> {
  const sim = await KubeSim.start({ bookmarkIntervalMs: 0, ...opts });
  started.push(sim);
  return sim;
}

afterEach(async () => {
  while (started.length) await started.pop()!.stop();
});

export function kubeConfigFor(sim: KubeSim): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  return kc;
}

export function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export function podStatus(pod: { status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> } }): string | undefined {
  return pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
}
