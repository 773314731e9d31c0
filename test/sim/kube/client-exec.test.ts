import { Exec, type V1Status } from '@kubernetes/client-node';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExecHandler } from '../../../src/sim/kube/index.js';
import { isRookCephTools, routeExec } from '../../../src/sim/kube/index.js';
import { collector, kubeConfigFor, startSim } from './helpers.js';

const fakeCeph: ExecHandler = async (_ns, _pod, _c, argv) => {
  if (argv[0] !== 'ceph') return { stdout: '', stderr: `sh: ${argv[0]}: not found\n`, exitCode: 127 };
  if (argv[1] === 'health') return { stdout: 'HEALTH_WARN noout flag(s) set\n', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: 'Error ENOENT: osd.99 does not exist\n', exitCode: 2 };
};

async function run(sim: Awaited<ReturnType<typeof startSim>>, ns: string, pod: string, argv: string[], stdin: string | null = null) {
  const out = collector();
  const err = collector();
  let resolveStatus!: (s: V1Status) => void;
  const status = new Promise<V1Status>((r) => (resolveStatus = r));
  const ws = await new Exec(kubeConfigFor(sim)).exec(ns, pod, '', argv, out.stream, err.stream, stdin === null ? null : Readable.from([stdin]), false, (s) =>
    resolveStatus(s),
  );
  const st = await status;
  return { status: st, stdout: out.text(), stderr: err.text(), protocol: ws.protocol };
}

async function toolsPod(sim: Awaited<ReturnType<typeof startSim>>): Promise<string> {
  return sim.list('pods', 'rook-ceph').find((p) => p.metadata.name.startsWith('rook-ceph-tools-'))!.metadata.name;
}

describe.each([
  ['v5.channel.k8s.io', undefined],
  ['v4.channel.k8s.io', ['v4.channel.k8s.io']],
])('exec over WebSocket (%s) through @kubernetes/client-node', (protocol, execProtocols) => {
  it('streams stdout and reports Success on channel 3', async () => {
    const sim = await startSim({ execProtocols, exec: routeExec([{ match: isRookCephTools, handler: fakeCeph }]) });
    const r = await run(sim, 'rook-ceph', await toolsPod(sim), ['ceph', 'health']);
    expect(r.protocol).toBe(protocol);
    expect(r.stdout).toBe('HEALTH_WARN noout flag(s) set\n');
    expect(r.status.status).toBe('Success');
  });

  it('reports a non-zero exit as Failure/NonZeroExitCode with the code in details.causes', async () => {
    const sim = await startSim({ execProtocols, exec: routeExec([{ match: isRookCephTools, handler: fakeCeph }]) });
    const r = await run(sim, 'rook-ceph', await toolsPod(sim), ['ceph', 'osd', 'reweight', '99', '0.8']);
    expect(r.stderr).toBe('Error ENOENT: osd.99 does not exist\n');
    expect(r.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
    expect(sim.counters.execs).toBe(1);
  });

  // v4 has no way to end stdin but closing the socket (client-node closes it), so only v5 can carry stdin.
  it.runIf(protocol === 'v5.channel.k8s.io')('passes stdin to the handler, ended by the v5 close frame', async () => {
    const sim = await startSim({ execProtocols });
    const r = await run(sim, 'databases', 'postgres-0', ['cat'], 'SELECT 1;\n');
    expect(r.stdout).toBe('SELECT 1;\n');
    expect(r.status.status).toBe('Success');
  });
});

describe('exec preconditions', () => {
  it('the builtin handler answers "not found" for unknown commands like a container runtime', async () => {
    const sim = await startSim();
    const r = await run(sim, 'databases', 'postgres-0', ['frobnicate']);
    expect(r.stderr).toMatch(/executable file not found in \$PATH/);
    expect(r.status.details?.causes?.[0]?.message).toBe('127');
  });

  it('rejects exec into a pod that does not exist with 404 before upgrading', async () => {
    const sim = await startSim();
    await expect(run(sim, 'databases', 'postgres-9', ['true'])).rejects.toThrow(/404|Unexpected server response/);
  });
});
