// Parse time against body size, to show the issue parser is linear: a body made of N copies of a
// real maintenance body (1×…64×), plus adversarial bodies (one huge line, deep nesting, unclosed
// fences) at the same sizes. Prints a table; µs per KiB should stay flat as the size grows.
//   node bench/run.mjs issue-parse
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIssue } from '../src/domain/issue/parse.js';
import { report, withLoad } from './lib/report.js';

const root = process.env.HC_REPO_ROOT ?? process.cwd();
const base = readFileSync(path.join(root, 'src', 'sim', 'seed', 'maintenance-body.md'), 'utf8');

const shapes: Record<string, (k: number) => string> = {
  'runbook ×k': (k) => base.repeat(k),
  'runbook ×k, CRLF': (k) => base.repeat(k).replace(/\n/g, '\r\n'),
  'one long line': (k) => '- [ ] ' + '`*~|'.repeat((base.length * k) / 4),
  'one title, many [tags]': (k) => '## Action Items (Tasks)\n- [ ] **A1 P0 Metal**: ' + '[x]'.repeat((base.length * k) / 3),
  'deep nesting': (k) => Array.from({ length: Math.ceil((base.length * k) / 40) }, (_, i) => `${'  '.repeat(i % 200)}- [ ] **A${i} P1**: x`).join('\n'),
  'unclosed fences': (k) => ('## Action Items (Tasks)\n- [ ] **A1 P0 Metal**: x\n    ```bash\n' + 'x\n'.repeat(20)).repeat(Math.ceil((base.length * k) / 80)),
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function time(fn: () => void): number {
  fn(); // warm up
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    gc();
    const t = performance.now();
    fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return runs[3] ?? 0; // median
}

const rows: string[][] = [['body', 'size', 'KiB', 'parse ms', 'µs/KiB', 'items']];
/** µs per KiB of each shape at 8× and 64×: linear parsing keeps the two alike (1× is too small to time: fixed costs and JIT dominate). */
const perKib = new Map<string, { first: number; last: number; kib: number; ms: number }>();
const { load } = await withLoad(async () => {
  for (const [name, make] of Object.entries(shapes)) {
    for (const k of [1, 2, 4, 8, 16, 32, 64]) {
      const body = make(k);
      const kib = body.length / 1024;
      const parse = time(() => parseIssue(body));
      const items = parseIssue(body).items.length;
      const us = (parse * 1000) / kib;
      rows.push([name, `${k}×`, kib.toFixed(0), parse.toFixed(2), us.toFixed(1), String(items)]);
      const seen = perKib.get(name);
      perKib.set(name, { first: k === 8 ? us : (seen?.first ?? NaN), last: us, kib, ms: parse });
    }
  }
});
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) process.stdout.write(r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ') + '\n');
const runbook = perKib.get('runbook ×k')!;
const [worstShape, worst] = [...perKib].sort((a, b) => b[1].last / b[1].first - a[1].last / a[1].first)[0]!;
const growth = worst.last / worst.first;
report({
  figure: 'issue parse, 8× → 64× body',
  measured: `runbook ${runbook.first.toFixed(1)} → ${runbook.last.toFixed(1)} µs/KiB (64×: ${runbook.kib.toFixed(0)} KiB in ${runbook.ms.toFixed(1)} ms)`,
  ratio: `${growth.toFixed(2)}× µs/KiB at 64× vs 8×, worst shape (${worstShape})`,
  goal: 'linear (µs/KiB flat, ≤ 2×)',
  met: growth <= 2 ? 'yes' : 'no',
  load,
});
