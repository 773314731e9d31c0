// The scaled demo world in its own process, as a real cluster would be: the console (or the gate,
// or status --watch) under measurement never shares an event loop with the simulators.
import { spawn } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DemoWorld } from '../../src/sim/demo/world.js';

export interface WorldConn {
  giteaUrl: string;
  token: string;
  kubeconfigPath: string;
  kubeUrl: string;
}

/** A maintenance body with `items` action items in the real format, in groups of 25. */
export function bigBody(items: number): string {
  const lines = ['# [Maintenance] 2026-11-26 - Homelab (benchmark)', '', '**Overall Status**: RED', '', '## Action Items', ''];
  const layers = ['Metal', 'System', 'Platform', 'Apps'];
  for (let i = 0; i < items; i++) {
    if (i % 25 === 0) lines.push(`### Group ${i / 25 + 1} (P${Math.min(3, Math.floor(i / 50))})`, '');
    const id = `${String.fromCharCode(65 + Math.floor(i / 25))}${(i % 25) + 1}`;
    const p = Math.min(3, Math.floor(i / 50));
    lines.push(`- [${i % 7 === 0 ? 'x' : ' '}] **${id} P${p} ${layers[i % 4]}**: Benchmark item ${i + 1} for pod-${i}`);
    lines.push(`  - **Goal**: keep item ${i + 1} honest`, `  - **Commands**: \`kubectl -n bench get pods\``, '');
  }
  return lines.join('\n');
}

/**
 * bench/run.mjs bundles into node_modules/.cache/hc-bench, where the demo seed's file lookup
 * (src/sim/seed beside or above the module) cannot see the sources; point it at them.
 */
export function exposeSeedFiles(repoRoot: string): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const link = path.join(here, '..', 'src');
  if (!existsSync(path.join(link, 'sim', 'seed')) && existsSync(path.join(repoRoot, 'src', 'sim', 'seed'))) {
    symlinkSync(path.join(repoRoot, 'src'), link, 'dir');
  }
}

/** `--world-server PODS APPS ITEMS CHURN_PER_S`: runs the world and prints its connection as one JSON line. */
export async function worldServerMain(repoRoot: string, argv: string[]): Promise<never> {
  exposeSeedFiles(repoRoot);
  const [pods, apps, items, churn] = argv.map(Number) as [number, number, number, number];
  const world = await DemoWorld.start({ scale: { pods, applications: apps } });
  if (items > 0) world.gitea.world.saveBody(42, bigBody(items), 'admin');
  const kube = world.kube!;
  if (churn > 0) {
    // Watch churn: pods of the padded namespaces restart (status MODIFIED events) at `churn` per second.
    const podType = kube.world.registry.builtin('Pod');
    const all = kube.world.store.list(podType).map(({ obj }) => ({ ns: obj.metadata.namespace!, name: obj.metadata.name }));
    let i = 0;
    setInterval(() => {
      for (let k = 0; k < Math.max(1, Math.round(churn / 10)); k++) {
        const p = all[(i++ * 7919) % all.length]!;
        kube.world.store.mutate(podType, p.ns, p.name, (d) => {
          const st = (d as unknown as { status?: { containerStatuses?: Array<{ restartCount?: number }> } }).status;
          const c = st?.containerStatuses?.[0];
          if (c) c.restartCount = (c.restartCount ?? 0) + 1;
        });
      }
    }, 100).unref();
  }
  const conn: WorldConn = { giteaUrl: world.giteaUrl, token: world.token, kubeconfigPath: world.kubeconfigPath!, kubeUrl: kube.url };
  process.stdout.write(JSON.stringify(conn) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void world.close().then(() => process.exit(0)));
  return new Promise<never>(() => {});
}

export function startWorld(o: {
  pods: number;
  apps: number;
  items: number;
  churnPerSecond?: number;
}): Promise<{ conn: WorldConn; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [process.argv[1]!, '--world-server', String(o.pods), String(o.apps), String(o.items), String(o.churnPerSecond ?? 0)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) =>
      resolve({
        conn: JSON.parse(line) as WorldConn,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.stdin.end();
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      }),
    );
    child.once('exit', (code) => reject(new Error(`world server exited with ${code}`)));
  });
}

/** The environment that points the real binary at a world: its Gitea, its API server, no config file. */
export function consoleEnv(conn: WorldConn): Record<string, string> {
  return {
    GITEA_URL: conn.giteaUrl,
    GITEA_TOKEN: conn.token,
    KUBECONFIG: conn.kubeconfigPath,
    HOME: path.dirname(conn.kubeconfigPath),
    HOMELAB_CONSOLE_CONFIG: '/nonexistent/config.yaml',
  };
}
