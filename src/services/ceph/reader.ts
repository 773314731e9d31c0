import { CEPH_READS, parseRead, withJsonFormat, type CephReadName, type CephReadValue } from '../../domain/ceph/reads.js';
import { summariseCeph, type CephReadings } from '../../domain/ceph/summarise.js';
import type { CephSummary } from '../../domain/ceph/types.js';
import type { CephExecutor, CephRunOptions } from './executor.js';

/** Runs one read through the executor and returns its validated model (or throws one line). */
export async function readCeph<K extends CephReadName>(executor: CephExecutor, name: K, options?: CephRunOptions): Promise<CephReadValue<K>> {
  const result = await executor.run(withJsonFormat(CEPH_READS[name].args), options);
  return parseRead(name, result);
}

function line(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0]!;
  return String(err).split('\n')[0]!;
}

/** The reads behind one summary; status is required, the rest are detail. */
export const DETAIL_READS = ['healthDetail', 'osdTree', 'osdDf', 'osdDump', 'df', 'pgStat', 'crashLs', 'mgrStat', 'versions'] as const;
export type DetailRead = (typeof DETAIL_READS)[number];

/** Executors whose last batch failed: they read one call at a time until a full read succeeds again. */
const unbatched = new WeakSet<CephExecutor>();

function collectDetail(readings: CephReadings, name: DetailRead, v: unknown): void {
  if (name === 'crashLs') readings.crashes = v as CephReadValue<'crashLs'>;
  else (readings as unknown as Record<string, unknown>)[name] = v;
}

/**
 * Reads the cluster and summarises it. `status` (a mon command) must succeed or the whole read
 * fails; the detail reads run beside it and a failing one (a mgr command while the mgr is away)
 * only leaves its part empty, named in `readErrors`. `reads` narrows the detail (a verification
 * needs only the part its action changes).
 *
 * An executor that can batch (exec into the toolbox) gets every read in one round trip; when the
 * batch itself fails (a mgr command hanging past the timeout, a shell-less toolbox) the reads go
 * one by one, which yields the same model with the hung part named, until a full read succeeds.
 */
export async function readCephSummary(executor: CephExecutor, options?: CephRunOptions, reads: readonly DetailRead[] = DETAIL_READS): Promise<CephSummary> {
  if (executor.runMany && !unbatched.has(executor)) {
    const names = ['status', ...reads] as const;
    let results: Awaited<ReturnType<NonNullable<CephExecutor['runMany']>>> | null = null;
    try {
      results = await executor.runMany(
        names.map((n) => withJsonFormat(CEPH_READS[n].args)),
        options,
      );
    } catch {
      unbatched.add(executor);
    }
    if (results) {
      const readings: CephReadings = { status: parseRead('status', results[0]!), readErrors: [] };
      reads.forEach((name, i) => {
        try {
          collectDetail(readings, name, parseRead(name, results[i + 1]!));
        } catch (err) {
          readings.readErrors!.push(line(err));
        }
      });
      return summariseCeph(readings);
    }
  }
  // status first: when it fails (no tools pod, no cluster) the detail reads would only fail alike.
  const readings: CephReadings = { status: await readCeph(executor, 'status', options), readErrors: [] };
  const settled = await Promise.allSettled(reads.map((name) => readCeph(executor, name, options).then((v) => ({ name, v }) as const)));
  for (const s of settled) {
    if (s.status === 'rejected') {
      readings.readErrors!.push(line(s.reason));
      continue;
    }
    collectDetail(readings, s.value.name, s.value.v);
  }
  if (readings.readErrors!.length === 0) unbatched.delete(executor);
  return summariseCeph(readings);
}
