// Prints the top self-time functions of a V8 .cpuprofile (node --cpu-prof) and the share of busy
// time by package, so docs/performance.md's tables can be regenerated from a profile.
//   node bench/cpuprofile-top.mjs FILE.cpuprofile [--top 15] [--last MS | --from MS --to MS]
// --last keeps only the samples of the profile's last MS milliseconds (an idle window or a burst of
// keys before the console quit); --from/--to a window in milliseconds from the profile's start.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/cpuprofile-top.mjs FILE.cpuprofile [--top N]\n');
  process.exit(2);
}
const flag = (name) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : undefined);
const top = flag('--top') ?? 15;
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map((prof.nodes ?? []).map((n) => [n.id, n]));
const span = (prof.endTime - prof.startTime) / 1000;
const from = flag('--last') !== undefined ? span - flag('--last') : (flag('--from') ?? 0);
const to = flag('--to') ?? span;
const dt = new Map();
let t = 0;
for (let i = 0; i < (prof.head ? 0 : prof.samples.length); i++) {
  t += (prof.timeDeltas[i] ?? 0) / 1000;
  if (t < from || t > to) continue;
  dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
}

/** The bundle's source maps (dist/*.js.map), so a frame is named by the source it was bundled from. */
const maps = new Map();
function original(url, line, column) {
  if (!url.startsWith('file://')) return null;
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
  }
  const entry = maps.get(url)?.findEntry(line, column);
  return entry?.originalSource ? { source: entry.originalSource, line: entry.originalLine + 1 } : null;
}

/**
 * A .heapprofile (node --heap-prof): the sampled allocations still live when the profile was taken
 * (at exit), by the function that allocated them, and by package.
 */
function heapProfile(head) {
  const self = new Map();
  const pkg = new Map();
  let total = 0;
  const walk = (n) => {
    const f = n.callFrame;
    if (n.selfSize) {
      const o = original(f.url, f.lineNumber, f.columnNumber);
      const where = o ? owner(o.source) : owner(f.url);
      const key = `${f.functionName || '(anonymous)'}  ${where}:${o ? o.line : f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + n.selfSize);
      pkg.set(area(where), (pkg.get(area(where)) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children) walk(c);
  };
  walk(head);
  const mb = (b) => (b / 1048576).toFixed(1);
  process.stdout.write(`${path.basename(file)}: ${mb(total)} MB live (sampled) at the end\n\n| MB | % | allocated by  file:line |\n|---:|---:|---|\n`);
  for (const [k, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`| ${mb(b)} | ${((b / total) * 100).toFixed(1)} | \`${k}\` |\n`);
  }
  process.stdout.write('\n| MB | % | where |\n|---:|---:|---|\n');
  for (const [k, b] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 10)) process.stdout.write(`| ${mb(b)} | ${((b / total) * 100).toFixed(1)} | ${k} |\n`);
}

/** Where a frame's code lives: a package, node: internals, or the project's own source file. */
function owner(url) {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const src = /\/(src\/.*)$/.exec(url);
  return src ? src[1] : path.basename(url);
}

/** The "where" tables group the project's own files by directory (src/services/kube, src/sim/ceph). */
const area = (where) => (where.startsWith('src/') ? path.dirname(where) : where);

if (prof.head) {
  heapProfile(prof.head);
  process.exit(0);
}
const self = new Map();
const pkg = new Map();
let total = 0;
let idle = 0;
for (const [id, us] of dt) {
  const n = byId.get(id);
  const f = n.callFrame;
  total += us;
  if (f.functionName === '(idle)') idle += us;
  const o = original(f.url, f.lineNumber, f.columnNumber);
  const where = o ? owner(o.source) : owner(f.url);
  const key = `${f.functionName || '(anonymous)'}  ${where}:${o ? o.line : f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
  if (f.functionName !== '(idle)') pkg.set(area(where), (pkg.get(area(where)) ?? 0) + us);
}
const busy = total - idle;
const ms = (us) => (us / 1000).toFixed(1);
const window = from > 0 || to < span ? ` (window ${from.toFixed(0)}–${to.toFixed(0)} ms of ${span.toFixed(0)})` : '';
process.stdout.write(`${path.basename(file)}${window}: ${ms(total)} ms sampled, ${ms(busy)} ms busy (${((busy / total) * 100).toFixed(1)} %)\n\n`);
process.stdout.write('| self ms | % busy | function  file:line |\n|---:|---:|---|\n');
for (const [k, us] of [...self]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  process.stdout.write(`| ${ms(us)} | ${((us / busy) * 100).toFixed(1)} | \`${k}\` |\n`);
}
process.stdout.write('\n| self ms | % busy | where |\n|---:|---:|---|\n');
for (const [k, us] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  process.stdout.write(`| ${ms(us)} | ${((us / busy) * 100).toFixed(1)} | ${k} |\n`);
}
