// How long the Ceph model takes: one full summary (status + 9 detail reads) and one verified action,
// against the simulator and, when CEPH_CONF points at a sandbox (../shared/ceph-sandbox/up.sh), a real
// cluster through the local ceph CLI. Prints medians.
//   node bench/run.mjs ceph            CEPH_CONF=/tmp/sb/ceph.conf node bench/run.mjs ceph
import { CephService } from '../src/services/ceph/ceph-service.js';
import type { CephExecutor } from '../src/services/ceph/executor.js';
import { createLocalCephExecutor } from '../src/services/ceph/local-executor.js';
import { readCephSummary } from '../src/services/ceph/reader.js';
import { CephSimulator } from '../src/sim/ceph/index.js';
import { createCephStore } from '../src/store/ceph-store.js';
import { report, withLoad } from './lib/report.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, executor: CephExecutor, runs: number): Promise<void> {
  const { value, load } = await withLoad(() => timeModel(executor, runs));
  const { reads, actions } = value;
  console.log(
    `${label.padEnd(28)} summary read: median ${median(reads).toFixed(1)} ms over ${runs}   set/unset noout (validate+send+verify): median ${median(actions).toFixed(1)} ms over ${actions.length}`,
  );
  report({
    figure: `Ceph model, ${label}`,
    measured: `summary read ${median(reads).toFixed(1)} ms, set/unset noout verified ${median(actions).toFixed(1)} ms`,
    ratio: '—',
    goal: '— (no transport: the exec path is the Ceph row above)',
    met: '—',
    load,
  });
}

async function timeModel(executor: CephExecutor, runs: number): Promise<{ reads: number[]; actions: number[] }> {
  const reads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await readCephSummary(executor);
    reads.push(performance.now() - t);
  }
  const service = new CephService({ executor, store: createCephStore(), verifyIntervalMs: 100 });
  const actions: number[] = [];
  for (let i = 0; i < Math.max(2, Math.floor(runs / 5)); i++) {
    const t = performance.now();
    const out = await service.perform({ kind: i % 2 === 0 ? 'osd-set' : 'osd-unset', flag: 'noout' });
    if (!out.ok) throw new Error(out.message);
    actions.push(performance.now() - t);
  }
  await service.perform({ kind: 'osd-unset', flag: 'noout' });
  await service.close();
  return { reads, actions };
}

await measure('in-process simulator', new CephSimulator({ state: 'degraded' }).executor(), 200);
if (process.env.CEPH_CONF) await measure(`real ceph -c ${process.env.CEPH_CONF}`, createLocalCephExecutor({ conf: process.env.CEPH_CONF }), 10);
else console.log('real ceph: skipped (set CEPH_CONF to a sandbox conf from ../shared/ceph-sandbox/up.sh)');
