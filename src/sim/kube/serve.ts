/**
 * Runs the simulated API server until SIGINT/SIGTERM and prints the kubeconfig path as its only stdout line.
 * Flags: --seed degraded|healthy|empty, --pods N, --apps N (scale), --port N, --fast (short controller
 * timings), --no-token, --kubeconfig-dir DIR.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FAST_TIMING } from './controllers/context.js';
import { KubeSim, type KubeSimOptions } from './server.js';

function usage(message: string): never {
  process.stderr.write(
    `kube-sim: ${message}\nusage: serve [--seed degraded|healthy|empty] [--pods N] [--apps N] [--port N] [--fast] [--no-token] [--kubeconfig-dir DIR]\n`,
  );
  process.exit(2);
}

export function parseServeArgs(argv: string[]): KubeSimOptions {
  const opts: KubeSimOptions = {};
  let pods = 0;
  let apps = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const count = () => {
      const v = value();
      if (!/^\d+$/.test(v)) usage(`${a} needs a whole number, got "${v}"`);
      return Number(v);
    };
    switch (a) {
      case '--seed': {
        const v = value();
        if (v !== 'degraded' && v !== 'healthy' && v !== 'empty') usage(`unknown seed "${v}"`);
        opts.seed = v;
        break;
      }
      case '--pods':
        pods = count();
        break;
      case '--apps':
        apps = count();
        break;
      case '--port':
        opts.port = count();
        break;
      case '--fast':
        opts.timing = FAST_TIMING;
        break;
      case '--no-token':
        opts.token = null;
        break;
      case '--kubeconfig-dir':
        opts.kubeconfigDir = value();
        break;
      default:
        usage(`unknown argument "${a}"`);
    }
  }
  if (pods || apps) opts.scale = { pods, applications: apps };
  return opts;
}

async function main(): Promise<void> {
  const sim = await KubeSim.start(parseServeArgs(process.argv.slice(2)));
  process.stdout.write(`${sim.kubeconfigPath}\n`);
  const stop = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Runs only as the entry point (bundled under any name), not when imported for parseServeArgs.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) void main();
