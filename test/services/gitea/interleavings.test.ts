import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBodyEdit, type WriteResult } from '../../../src/services/gitea/body-writer.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import type { EditMode } from '../../../src/store/issue-store.js';
import { DEMO_TOKENS, GiteaSim, HumanEditor, seedDemoWorld, type GiteaFlavor } from '../../../src/sim/gitea/index.js';
import { lineTick } from './line-tick-edit.js';

const RUNS = 1_000;
const ITEMS = 10;

/** Small seeded PRNG: every run is reproducible from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

const itemText = (k: number) => `restart thing ${k}`;
const initialBody = () =>
  ['# [Maintenance] test', '', '## Action Items', '', ...Array.from({ length: ITEMS }, (_, k) => `- [ ] item ${k}: ${itemText(k)}`), '', '## Notes', ''].join(
    '\n',
  );

type HumanOp = { kind: 'tick'; item: number } | { kind: 'note'; id: string } | { kind: 'rewrite'; item: number };

function applyHuman(body: string, op: HumanOp): string {
  const lines = body.split('\n');
  if (op.kind === 'note') return `${body}\n- ${op.id}`;
  const i = lines.findIndex((l) => new RegExp(`^- \\[[ x]\\] item ${op.item}: `).test(l));
  if (op.kind === 'tick') lines[i] = lines[i]!.replace('- [ ]', '- [x]');
  else lines[i] = lines[i]!.replace(/: .*$/, `: ${itemText(op.item)} (edited by a human)`);
  return lines.join('\n');
}

function humanOpIsIn(body: string, op: HumanOp): boolean {
  const lines = body.split('\n');
  if (op.kind === 'note') return lines.includes(`- ${op.id}`);
  const line = lines.find((l) => new RegExp(`^- \\[[ x]\\] item ${op.item}: `).test(l));
  if (!line) return false;
  return op.kind === 'tick' ? line.startsWith('- [x]') : line.endsWith('(edited by a human)');
}

interface Tally {
  runs: number;
  consoleEdits: number;
  consoleOk: number;
  collisions: number;
  humanSaves: number;
  lostHuman: number;
  lostConsole: number;
  overwrittenCollisions: number;
  /** Last-writer-wins only: human saves that landed between the console's pre-PATCH GET and its PATCH. */
  insideRoundTrip: number;
  lostInsideRoundTrip: number;
  lostOutsideRoundTrip: number;
  retries: number;
}

async function runMode(flavor: GiteaFlavor, mode: EditMode): Promise<Tally> {
  const sim = new GiteaSim({ world: seedDemoWorld({ flavor, maintenanceBody: 'seed' }) });
  await sim.start();
  const client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, backoffMs: 1 });
  const tally: Tally = {
    runs: 0,
    consoleEdits: 0,
    consoleOk: 0,
    collisions: 0,
    humanSaves: 0,
    lostHuman: 0,
    lostConsole: 0,
    overwrittenCollisions: 0,
    insideRoundTrip: 0,
    lostInsideRoundTrip: 0,
    lostOutsideRoundTrip: 0,
    retries: 0,
  };
  try {
    for (let seed = 1; seed <= RUNS; seed++) {
      const rnd = prng(seed);
      const issue = sim.world.addIssue({ title: `run ${seed}`, body: initialBody(), poster: 'admin' });
      const human = new HumanEditor(sim.world, 'renovate');
      const saves: Array<{ op: HumanOp; inWindow: boolean }> = [];
      // Only the line the console is editing right now may be rewritten: that is the collision case.
      let inFlight: number | null = null;
      let noteId = 0;
      const humanAct = (inWindow: boolean) => {
        const r = rnd.next();
        let op: HumanOp;
        if (r < 0.12 && inFlight !== null) op = { kind: 'rewrite', item: inFlight };
        else if (r < 0.55) op = { kind: 'tick', item: rnd.int(ITEMS) };
        else op = { kind: 'note', id: `note ${seed}.${noteId++}` };
        const current = sim.world.issues.get(issue.number)!.body;
        if (op.kind === 'rewrite' && current.split('\n').some((l) => l.includes(`item ${op.item}: `) && l.endsWith('(edited by a human)'))) return;
        if (human.edit(issue.number, (b) => applyHuman(b, op))) saves.push({ op, inWindow });
      };
      // Before the console's first request, and before every request it makes, a person may save.
      for (let i = rnd.int(3); i > 0; i--) humanAct(false);
      const unhook = sim.onRequest((info) => {
        if (info.path !== `/repos/ops/homelab/issues/${issue.number}`) return;
        const window = info.method === 'PATCH';
        for (let i = rnd.chance(0.45) ? 1 + rnd.int(2) : 0; i > 0; i--) humanAct(window);
      });

      const results: Array<{ item: number; result: WriteResult }> = [];
      const edits = 1 + rnd.int(3);
      const items = [...Array(ITEMS).keys()].sort(() => rnd.next() - 0.5).slice(0, edits);
      for (const item of items) {
        inFlight = item;
        const result = await writeBodyEdit(client, issue.number, lineTick(`item ${item}`, itemText(item)), { mode, maxAttempts: 12 });
        tally.retries += result.attempts - 1;
        results.push({ item, result });
      }
      unhook();
      inFlight = null;

      const final = sim.world.issues.get(issue.number)!.body;
      tally.runs++;
      tally.humanSaves += saves.length;
      for (const s of saves) {
        if (s.inWindow) tally.insideRoundTrip++;
        if (humanOpIsIn(final, s.op)) continue;
        tally.lostHuman++;
        if (s.inWindow) tally.lostInsideRoundTrip++;
        else tally.lostOutsideRoundTrip++;
      }
      for (const { item, result } of results) {
        tally.consoleEdits++;
        if (result.outcome === 'ok') {
          tally.consoleOk++;
          if (!lineTick(`item ${item}`, itemText(item)).isApplied(final)) tally.lostConsole++;
        } else {
          tally.collisions++;
          // A collision is only ever a human rewrite of that very line, and the rewrite survives.
          const rewrote = saves.some((s) => s.op.kind === 'rewrite' && s.op.item === item);
          if (!rewrote || !humanOpIsIn(final, { kind: 'rewrite', item })) tally.overwrittenCollisions++;
        }
      }
    }
  } finally {
    await client.close();
    await sim.stop();
  }
  return tally;
}

describe(`${RUNS} randomized interleavings of console and human edits`, () => {
  let cv: Tally;
  let lww: Tally;
  beforeAll(async () => {
    cv = await runMode('gitea-1.26', 'content-version');
    lww = await runMode('gitea-1.25', 'last-writer-wins');
    console.log(`[interleavings] content-version: ${JSON.stringify(cv)}`);
    console.log(`[interleavings] last-writer-wins: ${JSON.stringify(lww)}`);
  }, 240_000);
  afterAll(() => {});

  it('Gitea 1.26 (content_version): no lost human or console edit; collisions reported, never overwritten', () => {
    expect(cv.runs).toBe(RUNS);
    expect(cv.humanSaves).toBeGreaterThan(RUNS);
    expect(cv.retries).toBeGreaterThan(0);
    expect(cv.collisions).toBeGreaterThan(0);
    expect(cv.lostHuman).toBe(0);
    expect(cv.lostConsole).toBe(0);
    expect(cv.overwrittenCollisions).toBe(0);
    expect(cv.consoleOk + cv.collisions).toBe(cv.consoleEdits);
  });

  it('Gitea 1.25 (last writer wins): no lost edit for any human save before the pre-PATCH fetch', () => {
    expect(lww.runs).toBe(RUNS);
    expect(lww.lostOutsideRoundTrip).toBe(0);
    expect(lww.lostConsole).toBe(0);
    expect(lww.overwrittenCollisions).toBe(0);
    // The residual risk is real and measured: saves inside the round trip exist and some are lost.
    expect(lww.insideRoundTrip).toBeGreaterThan(0);
    expect(lww.lostInsideRoundTrip).toBeLessThanOrEqual(lww.insideRoundTrip);
  });
});
