import { describe, expect, it } from 'vitest';
import { tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { splitLines } from '../../../src/domain/issue/lines.js';
import { analyseIssue } from '../../../src/domain/issue/parse.js';
import { describeCorpus, listCorpus, readCorpus } from '../../support/shared.js';
import { oracleTopLevelTasks } from './commonmark-oracle.js';
import { mutate, mutateBlocks, prng, SEEDS } from './mutator.js';

/**
 * CommonMark is the oracle for which lines are live checkboxes. The fast parser's side is
 * `analyseIssue(body).live`: every checkbox it reads as a top-level task item, before a section is
 * chosen or a Renovate marker set aside (the action items are drawn from these and nothing else).
 * micromark with the GFM task-list extension gives the other side. Both must name the same lines,
 * with the same state.
 */
function fastSide(body: string): string[] {
  return analyseIssue(body).live.map((b) => `${b.line + 1}:${b.checked ? 'x' : ' '}`);
}

function oracleSide(body: string): string[] {
  return oracleTopLevelTasks(body).map((t) => `${t.line + 1}:${t.checked ? 'x' : ' '}`);
}

/** What differs, with the lines around it, so a failure can be read without rebuilding the body. */
function disagreement(body: string): string | null {
  const fast = fastSide(body);
  const oracle = oracleSide(body);
  const f = new Set(fast);
  const o = new Set(oracle);
  const onlyFast = fast.filter((k) => !o.has(k));
  const onlyOracle = oracle.filter((k) => !f.has(k));
  if (onlyFast.length === 0 && onlyOracle.length === 0) return null;
  const lines = splitLines(body);
  const first = Number((onlyFast[0] ?? onlyOracle[0])!.split(':')[0]) - 1;
  const context = lines
    .slice(Math.max(0, first - 6), first + 3)
    .map((l) => `${l.index === first ? '>' : ' '}${String(l.index + 1).padStart(5)}| ${JSON.stringify(l.text).slice(1, -1).slice(0, 100)}`)
    .join('\n');
  return `fast parser only: [${onlyFast.join(', ')}]; CommonMark only: [${onlyOracle.join(', ')}]\n${context}`;
}

/**
 * Body `n` of the differential run: a window of 4–24 lines of a real body (micromark's cost grows
 * faster than the body, so windows keep 10,000 runs to seconds), block-mutated, and one in 25 first
 * put through the fuzz test's byte-level mutator.
 */
function differentialBody(n: number): string {
  const rnd = prng(0x5eed0000 + n);
  const lines = SEEDS[Math.floor(rnd() * SEEDS.length)]!.split('\n');
  const from = Math.floor(rnd() * lines.length);
  const window = lines.slice(from, from + 4 + Math.floor(rnd() * 21)).join('\n');
  return mutateBlocks(rnd, n % 25 === 0 ? mutate(rnd, window).slice(0, 4000) : window);
}

/** The cases the fuzz found, each one rule; a regression here names the rule that broke. */
const REGRESSIONS: { name: string; body: string; tasks: number[] }[] = [
  {
    name: 'a closing fence indented 4+ spaces does not close: the box after it is still code',
    body: '```bash\nkubectl get pods\n    ```\n- [ ] **A1 P0**: inside the fence\n```\n- [ ] **A2 P1**: after it',
    tasks: [6],
  },
  {
    name: 'a top-level fence opened with 2–3 spaces is a fence, and its boxes are code',
    body: 'Intro.\n\n  ```\n- [ ] **A1 P0**: in code\n  ```\n\n- [ ] **A2 P1**: live',
    tasks: [7],
  },
  {
    name: 'a fence opened after prose (no blank line) is a fence at the top level',
    body: 'Run this:\n```\n- [ ] **A1 P0**: in code\n```\n- [ ] **A2 P1**: live',
    tasks: [5],
  },
  {
    name: 'a fence indented 4+ at the top level is indented code, and so is the box in it',
    body: 'Intro.\n\n    ```\n    - [ ] **A1 P0**: indented code\n\n- [ ] **A2 P1**: live',
    tasks: [6],
  },
  {
    name: 'a tilde fence is closed only by tildes, at least as many',
    body: '~~~~\n```\n- [ ] in code\n~~~\n- [ ] still code\n~~~~\n- [ ] live',
    tasks: [7],
  },
  {
    name: 'a fence nested in a list item ends with the item',
    body: '- [ ] **A1 P0**: one\n  ```bash\n  ls\n- [ ] **A2 P1**: two',
    tasks: [1, 4],
  },
  {
    name: 'a box in a block quote is not a top-level item',
    body: '> - [ ] quoted\n>\n> - [x] quoted too\n\n- [ ] live',
    tasks: [5],
  },
  {
    name: 'a lazy continuation line keeps the quote open; a new list item ends it',
    body: '> quoted paragraph\n- [ ] live after the quote',
    tasks: [2],
  },
  {
    name: 'boxes in an HTML block (details, comment, pre) are raw HTML',
    body: '<details>\n- [ ] raw\n</details>\n\n<!--\n- [ ] commented\n-->\n<pre>\n- [ ] pre\n\n- [ ] still pre\n</pre>\n\n- [ ] live',
    tasks: [14],
  },
  {
    name: 'an HTML block of kind 7 cannot interrupt a paragraph',
    body: 'text\n<custom a="1">\n- [ ] live: the tag was paragraph text',
    tasks: [3],
  },
  {
    name: 'a box after a BOM on the first line is live',
    body: '\uFEFF- [ ] first line\n- [x] second',
    tasks: [1, 2],
  },
  {
    name: 'a lone CR is a line ending (CommonMark; Gitea normalises it to LF)',
    body: 'text\r- [ ] after a CR\r\n- [ ] after CRLF',
    tasks: [2, 3],
  },
  {
    name: 'a top-level list item may sit at 2–3 spaces when no list item holds it',
    body: '## Action Items (Tasks)\n\n  - [ ] **A1 P0**: two spaces\n   - [x] **A2 P1**: three spaces',
    tasks: [3, 4],
  },
  {
    name: 'a box indented under an item is a nested item, not a top-level one',
    body: '- [ ] **A1 P0**: parent\n  - [ ] nested\n - [ ] one space: a sibling',
    tasks: [1, 3],
  },
  {
    name: 'five spaces after the marker make indented code, not a box',
    body: '-      [ ] code in the item\n- [ ] live',
    tasks: [2],
  },
  {
    name: 'ordered list items and a tab as the mark are task items too',
    body: '1. [ ] first\n2) [x] second\n\n- [\t] tab mark',
    tasks: [1, 2, 4],
  },
  {
    name: 'a box with no text is live only when its paragraph goes on',
    body: '- [ ]\n\n- [ ]\n  its title on the next line\n- [ ]',
    tasks: [3],
  },
  {
    name: 'the first line of an item may be blank; the box on the next line is live',
    body: '-\n  [ ] after a blank start\n-\n\n  [ ] after two blanks: not in the item',
    tasks: [2],
  },
  {
    name: 'an ordered item other than 1 cannot interrupt a paragraph; a box after no space is text',
    body: 'text\n2. [ ] continuation\n- [ ]no space',
    tasks: [],
  },
  {
    name: 'an underlined paragraph is a setext heading, and its box is not a task',
    body: '- [ ] heading, not a task\n  ===\n- [ ] live\n---',
    tasks: [3],
  },
  {
    name: 'a tab mark counts only where it is one column wide',
    body: '- [\t] one column\n - [\t] four columns: text',
    tasks: [1],
  },
  {
    name: 'micromark: a kind-7 HTML block on a lazy line stays in the open item',
    body: '- [ ] **A1 P0**: one\n<custom a="1">\n  - [ ] in the HTML block\n- [ ] **A2 P1**: live\n\n</pre>\n- [ ] swallowed by a top-level HTML block',
    tasks: [1, 4],
  },
  {
    name: 'micromark: an empty item cannot follow an indented code block (as if it interrupted a paragraph)',
    body: 'Intro.\n\n    code\n-\n  - [ ] **Z9 P1 Apps**: a top-level item: the `-` was text\n\n> >     x\n    code after closed quotes\n  2) [x] an item here',
    tasks: [5, 9],
  },
];

describe('CommonMark differential: which lines are live checkboxes', () => {
  for (const r of REGRESSIONS) {
    it(r.name, () => {
      expect(oracleSide(r.body).map((k) => Number(k.split(':')[0]))).toEqual(r.tasks);
      expect(disagreement(r.body)).toBeNull();
    });
  }

  it('the seed bodies (fixtures, demo runbook, corpus) agree', () => {
    expect(SEEDS.length).toBeGreaterThan(5);
    for (const body of SEEDS) expect(disagreement(body)).toBeNull();
  });

  const TOTAL = 10_000;
  it(`${TOTAL} mutated real bodies agree`, () => {
    const found: string[] = [];
    let tasks = 0;
    for (let n = 0; n < TOTAL; n++) {
      const body = differentialBody(n);
      tasks += oracleTopLevelTasks(body).length;
      const d = disagreement(body);
      if (d) found.push(`body #${n} (${body.length} chars): ${d}`);
      if (found.length >= 5) break;
    }
    expect(found.join('\n\n')).toBe('');
    // The mutations must keep real runbooks: the bodies still hold items.
    // (8,231 in 10,000 in the CI run: slices of 4–24 lines often hold none.)
    expect(tasks).toBeGreaterThan(TOTAL / 2);
  }, 300_000);
});

describeCorpus('CommonMark differential: the real corpus', () => {
  it('every body in corpus/issues agrees', () => {
    const files = listCorpus('issues', '.md');
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(disagreement(readCorpus('issues', f)), f).toBeNull();
  });
});

describe('ticking and unticking touch only the live item', () => {
  const STAMP = { at: new Date('2026-11-26T20:30:00Z'), timeZone: 'UTC' };
  it('for mutated bodies, every tick and untick changes exactly that item’s line, a line CommonMark calls a task', () => {
    let edits = 0;
    for (let n = 0; n < 300; n++) {
      const rnd = prng(0x71c40000 + n);
      const lines = SEEDS[Math.floor(rnd() * SEEDS.length)]!.split('\n');
      const from = Math.floor(rnd() * lines.length);
      const body = mutateBlocks(rnd, lines.slice(from, from + 20 + Math.floor(rnd() * 60)).join('\n'));
      const a = analyseIssue(body);
      const oracle = new Set(oracleTopLevelTasks(body).map((t) => t.line));
      const before = splitLines(body);
      a.document.items.forEach((item, i) => {
        for (const edit of [tickItem(item, { stamp: STAMP, outcome: 'ok' }), untickItem(item)]) {
          const r = edit.apply(body);
          if (!r.ok) continue; // a duplicate ID is refused, never guessed
          const after = splitLines(r.body);
          expect(after.length, `body #${n}`).toBe(before.length);
          const changed = before.filter((l, k) => l.text !== after[k]!.text || l.eol !== after[k]!.eol).map((l) => l.index);
          if (changed.length === 0) continue; // already in that state
          expect(changed, `body #${n} item ${i}`).toEqual([a.itemLines[i]]);
          expect(oracle.has(changed[0]!), `body #${n}: line ${changed[0]! + 1} is not a task item`).toBe(true);
          edits++;
        }
      });
    }
    expect(edits).toBeGreaterThan(500);
  }, 60_000);
});
