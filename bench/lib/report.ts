// One row of the performance table, from whichever bench measured it. A bench prints its rows as
// it goes; under `node bench/run.mjs all` (HC_BENCH_ROWS names a file) it also appends them as
// JSON lines, and bench/all.ts prints every bench's rows in one table.
import { appendFileSync } from 'node:fs';
import os from 'node:os';

export interface Row {
  figure: string;
  measured: string;
  ratio: string;
  goal: string;
  met: string;
  /** The 1-minute load average at the start and end of the figure's run: "1.2→1.9". */
  load: string;
}

export function report(r: Row): void {
  process.stdout.write(`  → ${r.figure}: ${r.measured} | ${r.ratio} | goal ${r.goal} | ${r.met} | load ${r.load}\n`);
  const file = process.env.HC_BENCH_ROWS;
  if (file) appendFileSync(file, JSON.stringify(r) + '\n');
}

/** Runs `fn` and says what the machine's load was around it (the machine may be shared). */
export async function withLoad<T>(fn: () => Promise<T>): Promise<{ value: T; load: string }> {
  const a = os.loadavg()[0]!;
  const value = await fn();
  const b = os.loadavg()[0]!;
  return { value, load: `${a.toFixed(1)}→${b.toFixed(1)}` };
}

export function printTable(rows: readonly Row[]): void {
  const lines = ['| figure | measured (medians) | ratio | goal | met | load (1-min avg) |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.figure} | ${r.measured} | ${r.ratio} | ${r.goal} | ${r.met} | ${r.load} |`);
  process.stdout.write(lines.join('\n') + '\n');
}
