// What an idle live console costs Gitea: a session wired as the live console is (Gitea over HTTP,
// gitea.pollSeconds at its default 15, following the newest open maintenance issue) on the demo's
// Gitea simulator, left alone for --seconds after its first reads; every request it sent is
// counted by route (with its query's shape) and by the bytes the simulator answered.
//   node bench/run.mjs gitea-idle [--seconds 60] [--issue 42]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectDemoSession } from '../src/cli/session-factory.js';
import { DEFAULT_THRESHOLDS } from '../src/domain/health/types.js';
import { DemoWorld } from '../src/sim/demo/world.js';
import { createStores } from '../src/store/index.js';
import { report, withLoad } from './lib/report.js';
import { exposeSeedFiles } from './lib/world-server.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, issue: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 60);
const ISSUE = values.issue ? Number(values.issue) : null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The bundle runs from node_modules/.cache/hc-bench; the repository is three levels up.
exposeSeedFiles(process.env.HC_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..'));
const world = await DemoWorld.start({ kube: false, cephState: 'healthy' });
const stores = createStores();
const { session, close } = connectDemoSession(
  { giteaUrl: world.giteaUrl, token: world.token, kubeconfigPath: null, cephExecutor: () => world.ceph.executor() },
  { stores, mode: 'WRITE', issue: ISSUE, thresholds: DEFAULT_THRESHOLDS, pollMs: 15_000 },
);
await session.start();
const deadline = Date.now() + 30_000;
while (!stores.issue.getState().document && Date.now() < deadline) await sleep(50);
await sleep(5_000);

const sim = world.gitea;
sim.record = true;
sim.recorded.length = 0;
const { load } = await withLoad(() => sleep(SECONDS * 1000));
const window = sim.recorded.splice(0);
sim.record = false;
await close();
await world.close();

const rows = new Map<string, { n: number; bytes: number }>();
for (const r of window) {
  const keys = Object.keys(r.query)
    .filter((k) => k !== 'page' && k !== 'limit')
    .sort();
  const key = `${r.method} ${r.template ?? r.path}${keys.length ? `?${keys.join('&')}` : ''}`;
  const row = rows.get(key) ?? { n: 0, bytes: 0 };
  row.n++;
  row.bytes += r.responseBody === undefined ? 0 : Buffer.byteLength(JSON.stringify(r.responseBody));
  rows.set(key, row);
}
const perMinute = (n: number) => (n * 60) / SECONDS;
process.stdout.write(`idle live console, ${SECONDS} s, ${ISSUE === null ? 'newest maintenance issue' : `issue #${ISSUE}`}:\n`);
for (const [key, row] of [...rows].sort((a, b) => b[1].n - a[1].n)) {
  process.stdout.write(`  ${perMinute(row.n).toFixed(1).padStart(6)}/min  ${(perMinute(row.bytes) / 1024).toFixed(1).padStart(8)} kB/min  ${key}\n`);
}
const size = (r: (typeof window)[number]) => (r.responseBody === undefined ? 0 : Buffer.byteLength(JSON.stringify(r.responseBody)));
// The issue poll's requests: the issue itself, or the issue list without a keyword (the queue
// finds Renovate's dashboard with q=, which is not the issue poll).
const issuePoll = window.filter(
  (r) => r.template === '/repos/{owner}/{repo}/issues/{index}' || (r.template === '/repos/{owner}/{repo}/issues' && r.query.q === undefined),
);
const bodies = issuePoll.filter((r) => size(r) > 2).length;
report({
  figure: `Gitea, idle live console (${ISSUE === null ? 'newest issue' : `#${ISSUE}`})`,
  measured:
    `issue poll ${perMinute(issuePoll.length).toFixed(1)}/min, ${(perMinute(issuePoll.reduce((s, r) => s + size(r), 0)) / 1024).toFixed(1)} kB/min; ` +
    `all ${perMinute(window.length).toFixed(1)}/min, ${(perMinute(window.reduce((s, r) => s + size(r), 0)) / 1024).toFixed(1)} kB/min`,
  ratio: `${bodies} answers carrying a body`,
  goal: 'no issue body fetched while nothing changes',
  met: bodies === 0 ? 'yes' : 'no',
  load,
});
process.exit(0);
