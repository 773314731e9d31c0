/**
 * `gate --json` says what the workflow's validation gate says (homelab-action.md §2.4.3: five
 * `kubectl … | grep` commands), on the same cluster: the kube simulator padded to 10,000 and 50,000
 * pods, with failures seeded in kube-system and elsewhere — pods that are not Running or Completed
 * in many shapes, a pod Running but not ready, nodes NotReady and cordoned, Applications OutOfSync,
 * Degraded and Progressing, Ceph HEALTH_ERR. Real kubectl runs the commands verbatim; the console's
 * offenders, per layer, must be the same set of objects (plus only the Running pods it also flags as
 * not ready, which the grep cannot see).
 *
 * The world's clock is manual, so nothing moves between the kubectl run and the gate run.
 * Skips with the reason when kubectl is absent, unless CI=true or HOMELAB_REQUIRE_REAL=1: then fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CephSimulator } from '../../src/sim/ceph/index.js';
import { isRookCephTools, KubeSim, routeExec } from '../../src/sim/kube/index.js';
import type { KubeObject, Pod } from '../../src/sim/kube/types.js';
import { ensureBundle } from '../support/bundle.js';
import { repoRoot, requireRealServers } from '../support/shared.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');

function kubectlMissing(): string | null {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'needs kubectl on PATH (the workflow gate runs it); not found';
  }
}
const why = kubectlMissing();
const required = requireRealServers || process.env.CI === 'true';

if (why && required) {
  describe('gate equivalence (kubectl required: CI=true or HOMELAB_REQUIRE_REAL=1)', () => {
    it('has kubectl installed', () => {
      expect.fail(why);
    });
  });
}

/** The seed's gate, verbatim (homelab-action.md §2.4.3), one command each. */
const WORKFLOW = {
  nodes: 'kubectl get nodes | grep -v "Ready"',
  system: 'kubectl get pods -n kube-system | grep -v "Running\\|Completed"',
  apps: 'kubectl get applications -n argocd | grep -v "Synced.*Healthy"',
  ceph: 'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health',
  pods: 'kubectl get pods -A --no-headers | grep -v "Running\\|Completed"',
} as const;

interface GateJson {
  overall: string;
  layers: Record<
    'metal' | 'system' | 'platform' | 'apps',
    { status: string; reasons: string[]; offenders: Array<{ kind: string; namespace?: string; name: string; reason: string }> }
  >;
}

async function sh(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  // grep exits 1 when it prints nothing: that is the gate's GREEN, not a failure.
  try {
    return (await run('bash', ['-c', command], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (e.code === 1 && !e.stderr) return e.stdout ?? '';
    throw new Error(`${command}: exit ${e.code}: ${e.stderr}`, { cause: err });
  }
}

const rows = (out: string) => out.split('\n').filter((l) => l.trim() !== '' && !/^NAME\s/.test(l) && !/^NAMESPACE\s/.test(l));
const cols = (line: string) => line.trim().split(/\s+/);

type Mutate = (o: KubeObject) => void;

/** Seeds the failures: each a different way for the grep and the console to disagree if either is wrong. */
function seedFailures(sim: KubeSim): { pods: string[]; notReady: string; completed: string; nodes: string[]; apps: string[] } {
  const podType = sim.type('pods');
  const mutatePod = (ns: string, name: string, fn: (p: Pod) => void) => sim.store.mutate(podType, ns, name, fn as unknown as Mutate);
  const running = (ns: string) =>
    sim
      .list('pods', ns)
      .filter((p) => (p as Pod).status?.phase === 'Running' && !p.metadata.deletionTimestamp && (p as Pod).status?.containerStatuses?.every((c) => c.ready))
      .map((p) => p.metadata.name)
      .sort();
  const sys = running('kube-system');
  const [ns1, ns2] = ['svc-0007', 'svc-0123'];
  const tenant = [...running(ns1), ...running(ns2).map((n) => `${ns2}/${n}`)].map((n) => (n.includes('/') ? n : `${ns1}/${n}`));
  const waiting = (reason: string) => (p: Pod) => {
    p.status!.containerStatuses![0]!.state = { waiting: { reason } };
    p.status!.containerStatuses![0]!.ready = false;
  };
  const terminated = (reason: string, exitCode: number) => (p: Pod) => {
    p.status!.phase = 'Failed';
    p.status!.containerStatuses![0]!.state = { terminated: { reason, exitCode } };
    p.status!.containerStatuses![0]!.ready = false;
  };
  const shapes: Array<[string, string, (p: Pod) => void]> = [
    ['kube-system', sys[0]!, waiting('CrashLoopBackOff')],
    ['kube-system', sys[1]!, waiting('ImagePullBackOff')],
    ['kube-system', sys[2]!, (p) => ((p.status!.phase = 'Pending'), delete p.status!.containerStatuses)],
    ...[
      waiting('CreateContainerConfigError'),
      terminated('Error', 1),
      terminated('OOMKilled', 137),
      (p: Pod) => ((p.status!.phase = 'Failed'), (p.status!.reason = 'Evicted')),
      (p: Pod) => ((p.status!.phase = 'Unknown'), delete p.status!.containerStatuses),
      (p: Pod) => (p.metadata.deletionTimestamp = new Date().toISOString()),
    ].map((fn, i): [string, string, (p: Pod) => void] => {
      const [ns, name] = tenant[i]!.split('/') as [string, string];
      return [ns, name, fn];
    }),
  ];
  for (const [ns, name, fn] of shapes) mutatePod(ns, name, fn);
  // Running but not ready: kubectl's STATUS still says Running, so the grep passes it; the console flags it.
  const [nsR, nameR] = tenant[10]!.split('/') as [string, string];
  mutatePod(nsR, nameR, (p) => {
    p.status!.containerStatuses![0]!.ready = false;
    for (const c of p.status!.conditions ?? []) if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = 'False';
  });
  // Completed: healthy to both.
  const [nsC, nameC] = tenant[11]!.split('/') as [string, string];
  mutatePod(nsC, nameC, (p) => {
    p.status!.phase = 'Succeeded';
    p.status!.containerStatuses![0]!.state = { terminated: { reason: 'Completed', exitCode: 0 } };
    p.status!.containerStatuses![0]!.ready = false;
  });

  const nodes = sim
    .list('nodes')
    .map((n) => n.metadata.name)
    .sort();
  sim.world.setNodeReady(nodes[1]!, false);
  sim.store.mutate(sim.type('nodes'), undefined, nodes[2]!, (n) => {
    (n.spec as { unschedulable?: boolean }).unschedulable = true;
  });

  const apps = sim
    .list('applications', 'argocd')
    .map((a) => a.metadata.name)
    .filter((n) => n.startsWith('svc-'))
    .sort();
  sim.world.setAppHealth(apps[3]!, 'Degraded');
  sim.world.setAppHealth(apps[4]!, 'Progressing');
  sim.store.mutate(sim.type('applications'), 'argocd', apps[5]!, (a) => {
    ((a.status as { sync: { status: string } }).sync ??= { status: '' }).status = 'OutOfSync';
  });
  return {
    pods: shapes.map(([ns, name]) => `${ns}/${name}`),
    notReady: `${nsR}/${nameR}`,
    completed: `${nsC}/${nameC}`,
    nodes: [nodes[1]!, nodes[2]!],
    apps: [apps[3]!, apps[4]!, apps[5]!],
  };
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe.skipIf(why !== null)('gate --json against the workflow gate (real kubectl)', () => {
  beforeAll(ensureBundle, 180_000);

  const sims: KubeSim[] = [];
  afterEach(async () => {
    while (sims.length) await sims.pop()!.stop();
  });

  for (const pods of [10_000, 50_000]) {
    it(`at ${pods / 1000}k pods: the same offending objects, layer by layer`, async () => {
      const started = Date.now();
      const ceph = new CephSimulator({ state: 'degraded' });
      const sim = await KubeSim.start({
        scale: { pods, applications: 500 },
        clock: 'manual',
        bookmarkIntervalMs: 0,
        exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
      });
      sims.push(sim);
      const seeded = seedFailures(sim);
      const seededAt = Date.now();
      const env = {
        ...process.env,
        KUBECONFIG: sim.kubeconfigPath,
        HOME: path.dirname(sim.kubeconfigPath),
        HOMELAB_CONSOLE_CONFIG: '/nonexistent/config.yaml',
      };

      const out: Record<keyof typeof WORKFLOW, string> = { nodes: '', system: '', apps: '', ceph: '', pods: '' };
      for (const k of Object.keys(WORKFLOW) as Array<keyof typeof WORKFLOW>) out[k] = await sh(WORKFLOW[k], env);
      const kubectlAt = Date.now();
      let gateOut: string;
      let exit = 0;
      try {
        gateOut = (await run(process.execPath, [bin, 'gate', '--json'], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
      } catch (err) {
        ({ stdout: gateOut, code: exit } = err as { stdout: string; code: number });
      }
      const gateAt = Date.now();
      const gate = JSON.parse(gateOut) as GateJson;
      const names = (layer: keyof GateJson['layers'], kind: string) =>
        gate.layers[layer].offenders.filter((o) => o.kind === kind).map((o) => (o.namespace ? `${o.namespace}/${o.name}` : o.name));

      const kubectlPod = (line: string) => `${cols(line)[0]}/${cols(line)[1]}`;

      // Metal. The workflow's `grep -v "Ready"` never prints a node: "NotReady" and
      // "Ready,SchedulingDisabled" contain "Ready" too. The console reads what kubectl's own
      // STATUS column says, so the same `kubectl get nodes` is read by column here.
      expect(rows(out.nodes)).toEqual([]);
      const nodeTable = rows(await sh('kubectl get nodes', env));
      const notReadyNodes = nodeTable.filter((l) => cols(l)[1] !== 'Ready').map((l) => cols(l)[0]!);
      expect(sorted(notReadyNodes)).toEqual(sorted(seeded.nodes));
      expect(sorted(names('metal', 'Node'))).toEqual(sorted(notReadyNodes));

      // System, pods: exactly what `kubectl get pods -n kube-system | grep -v …` prints.
      const systemPods = rows(out.system).map((l) => `kube-system/${cols(l)[0]}`);
      expect(systemPods.length).toBeGreaterThanOrEqual(3);
      expect(sorted(names('system', 'Pod'))).toEqual(sorted(systemPods));

      // Every namespace: the grep's pods, plus only the one seeded Running-but-not-ready pod, which
      // kubectl calls Running (the grep passes it) and the console grades YELLOW "NotReady 0/1".
      const grepPods = rows(out.pods).map(kubectlPod);
      for (const p of seeded.pods) expect(grepPods).toContain(p);
      const consolePods = gate.layers.system.offenders.concat(gate.layers.apps.offenders).filter((o) => o.kind === 'Pod');
      const runningButFlagged = consolePods.filter((o) => /^(NotReady|Restarting) /.test(o.reason)).map((o) => `${o.namespace}/${o.name}`);
      expect(runningButFlagged).toEqual([seeded.notReady]);
      expect(sorted(consolePods.map((o) => `${o.namespace}/${o.name}`).filter((p) => p !== seeded.notReady))).toEqual(sorted(grepPods));
      expect(grepPods).not.toContain(seeded.notReady);
      expect(grepPods).not.toContain(seeded.completed);

      // Platform: the Applications `grep -v "Synced.*Healthy"` prints (Certificates and
      // ExternalSecrets are the console's own additions; the workflow gate has no check for them).
      const grepApps = rows(out.apps).map((l) => `argocd/${cols(l)[0]}`);
      for (const a of seeded.apps) expect(grepApps).toContain(`argocd/${a}`);
      expect(sorted(names('platform', 'Application'))).toEqual(sorted(grepApps));

      // Ceph: the same health word and the same checks (ages in the summaries move between reads).
      const [word, ...summary] = out.ceph.trim().split(' ');
      const masked = (s: string) => s.replace(/\d+/g, 'N');
      expect(gate.layers.system.reasons.join('\n')).toContain(`ceph ${word}`);
      expect(sorted(gate.layers.system.offenders.filter((o) => o.kind === 'CephCheck').map((o) => masked(o.reason)))).toEqual(
        sorted(summary.join(' ').split('; ').map(masked)),
      );

      // Per layer: RED where the workflow's commands print a RED object, GREEN nowhere they print one.
      expect(word).toBe('HEALTH_ERR');
      expect(gate.layers).toMatchObject({ metal: { status: 'RED' }, system: { status: 'RED' }, platform: { status: 'RED' }, apps: { status: 'RED' } });
      expect(gate.overall).toBe('RED');
      expect(exit).toBe(2);
      expect(sim.counters.writes).toBe(0);
      process.stdout.write(
        `gate equivalence at ${pods / 1000}k pods: ${Date.now() - started} ms (simulator seeded ${seededAt - started} ms, ` +
          `kubectl ×5 ${kubectlAt - seededAt} ms, gate --json ${gateAt - kubectlAt} ms)\n`,
      );
    }, 180_000);
  }
});
