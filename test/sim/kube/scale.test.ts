import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSim } from './helpers.js';

const KUBECTL = existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : null;

describe('scale world (benchmarks)', () => {
  it('holds 10,000 pods and 500 Applications, listed whole and in kubectl chunks', async () => {
    const sim = await startSim({ scale: { pods: 10_000, applications: 500 } });
    expect(sim.list('pods')).toHaveLength(10_000);
    expect(sim.list('applications', 'argocd')).toHaveLength(500);
    const res = await fetch(`${sim.url}/api/v1/pods`);
    const body = (await res.json()) as { items: unknown[] };
    expect(body.items).toHaveLength(10_000);
    if (!KUBECTL) return;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        '/bin/sh',
        ['-c', `${KUBECTL} get pods -A --no-headers | wc -l`],
        { env: { ...process.env, KUBECONFIG: sim.kubeconfigPath, HOME: process.env.TMPDIR ?? '/tmp' }, timeout: 60_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    expect(Number(out.trim())).toBe(10_000);
  });
});
