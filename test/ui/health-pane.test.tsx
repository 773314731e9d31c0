import { describe, expect, it } from 'vitest';
import type { GateResult, LayerGrade, Offender } from '../../src/domain/health/types.js';
import { allocateDetails, healthRows, STATUS_LINES } from '../../src/panes/health-rows.js';
import { COLOR_THEME } from '../../src/ui/theme.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll, GATE } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const check = (code: string, status: Offender['status'] = 'YELLOW'): Offender => ({ kind: 'CephCheck', name: code, status, reason: `${code} is set` });
const grade = (status: LayerGrade['status'], pct: number, reasons: string[], offenders: Offender[] = []): LayerGrade => ({
  status,
  healthyPercent: pct,
  reasons,
  offenders,
});

/** The screenshot's trouble: System has many offenders (a YELLOW one first), Platform and Apps have theirs. */
const CROWDED: GateResult = {
  overall: 'RED',
  gradedAt: '2026-11-26T06:00:00Z',
  layers: {
    metal: grade('GREEN', 100, ['10 of 10 nodes Ready']),
    system: grade(
      'RED',
      95,
      ['18 kube-system pods Running', 'Ceph HEALTH_ERR'],
      [
        check('OSDMAP_FLAGS'),
        check('MGR_MODULE_ERROR', 'RED'),
        check('BLUESTORE_SLOW_OP_ALERT'),
        check('DB_DEVICE_STALLED_READ_ALERT'),
        check('RECENT_CRASH'),
        check('OSD_DOWN'),
        check('PG_DEGRADED'),
      ],
    ),
    platform: grade(
      'YELLOW',
      97,
      ['1 Application OutOfSync'],
      [{ kind: 'Application', namespace: 'argocd', name: 'home-assistant', status: 'YELLOW', reason: 'OutOfSync' }],
    ),
    apps: grade(
      'RED',
      90,
      ['1 pod CrashLoopBackOff'],
      [
        { kind: 'Pod', namespace: 'paperless', name: 'paperless-ngx-7d9f', status: 'RED', reason: 'CrashLoopBackOff', restarts: 12 },
        { kind: 'Pod', namespace: 'media', name: 'jellyfin-0', status: 'YELLOW', reason: 'Pending' },
      ],
    ),
  },
};

const STATUS = [
  /Overall +■ RED +90% ok +System, Apps/,
  /Metal +√ GREEN +100% ok +10 of 10/,
  /System +■ RED +95% ok +Ceph HEALTH_E/,
  /Platform +▲ YELLOW +97% ok +1 App/,
  /Apps +■ RED +90% ok +1 pod/,
];

describe('layer health rows', () => {
  it('gives every troubled layer its worst offender first, then "+N more", then the rest round by round', () => {
    const plan = (counts: number[], budget: number) => allocateDetails(counts, budget).map((p) => `${p.shown}${p.more ? '+' : ''}`);
    expect(plan([7, 2, 1], 2)).toEqual(['1', '1', '0']);
    expect(plan([7, 2, 1], 3)).toEqual(['1', '1', '1']);
    expect(plan([7, 2, 1], 4)).toEqual(['1+', '1', '1']);
    // Apps' single hidden offender takes the row its "+1 more" would.
    expect(plan([7, 2, 1], 5)).toEqual(['1+', '2', '1']);
    expect(plan([7, 2, 1], 7)).toEqual(['3+', '2', '1']);
    expect(plan([7, 2, 1], 10)).toEqual(['7', '2', '1']);
    expect(plan([7, 2, 1], 100)).toEqual(['7', '2', '1']);
    expect(plan([0, 0], 0)).toEqual(['0', '0']);
    for (let budget = 0; budget < 12; budget++) {
      const used = allocateDetails([7, 2, 1], budget).reduce((sum, p) => sum + p.shown + (p.more ? 1 : 0), 0);
      expect(used, `budget ${budget}`).toBeLessThanOrEqual(budget);
    }
  });

  it('never returns more rows than the body, and the five status lines always come first', () => {
    for (let body = 0; body <= 16; body++) {
      const rows = healthRows(CROWDED, COLOR_THEME, body);
      expect(rows.length, `body ${body}`).toBeLessThanOrEqual(Math.max(body, STATUS_LINES));
      expect(rows.slice(0, STATUS_LINES).map((r) => r.key)).toEqual(['overall', 'layer:metal', 'layer:system', 'layer:platform', 'layer:apps']);
    }
    const text = (body: number) => healthRows(CROWDED, COLOR_THEME, body).map((r) => r.segments.map((s) => s.text).join(''));
    // Worst first: System's RED MGR_MODULE_ERROR before its YELLOW checks; Apps' RED pod before its Pending one.
    const ten = text(11);
    expect(ten.find((l) => l.includes('CephCheck'))).toContain('MGR_MODULE_ERROR');
    expect(ten.find((l) => l.includes('Pod '))).toContain('paperless-ngx');
    expect(ten.some((l) => l.includes('home-assistant'))).toBe(true);
    expect(ten.some((l) => /\+\d+ more/.test(l))).toBe(true);
    // Every offender when nothing limits the rows (a filter searches them all).
    expect(healthRows(CROWDED, COLOR_THEME, null)).toHaveLength(STATUS_LINES + 7 + 1 + 2);
  });
});

describe('layer health pane', () => {
  const sizes: Array<[number, number]> = [
    [160, 48],
    [120, 30],
    [100, 24],
    [140, 40],
  ];
  for (const [columns, rows] of sizes) {
    it(`shows Overall and all four layers at ${columns}x${rows}, offenders after them`, async () => {
      const engine = new FakeEngine();
      fillAll(engine.stores);
      engine.stores.health.setState({ gate: CROWDED });
      const ui = await renderConsole({ engine, columns, rows });
      const f = ui.frame();
      for (const re of STATUS) expect(f).toMatch(re);
      // Four offender rows at 160x48: every troubled layer's worst, then System's "+N more".
      if (rows >= 48) expect(f).toMatch(/\+\d+ more \(Enter shows all\)/);
      expect(ui.lines().length).toBeLessThanOrEqual(rows);
      await ui.unmount();
    });
  }

  it('keeps the status lines in the compact layout at 40x20 and 90x30', async () => {
    for (const [columns, rows] of [
      [40, 20],
      [90, 30],
    ] as const) {
      const engine = new FakeEngine();
      fillAll(engine.stores);
      engine.stores.health.setState({ gate: CROWDED });
      const ui = await renderConsole({ engine, columns, rows, initialPane: 'health' });
      const lines = ui.lines();
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const word of ['Overall', 'Metal', 'System', 'Platform', 'Apps'])
        expect(
          lines.some((l) => l.includes(word)),
          `${word} at ${columns}x${rows}`,
        ).toBe(true);
      await ui.unmount();
    }
  });

  it('opens a layer with Enter to list every offender, and Esc comes back', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.health.setState({ gate: CROWDED });
    const ui = await renderConsole({ engine, columns: 160, rows: 48, initialPane: 'health' });
    await ui.press('j', 'j', KEY.enter);
    await ui.waitForText('Layer health: System');
    const f = ui.frame();
    for (const code of ['MGR_MODULE_ERROR', 'OSDMAP_FLAGS', 'PG_DEGRADED', 'OSD_DOWN']) expect(f).toContain(code);
    expect(f).toContain('7 offenders, worst first');
    expect(f.indexOf('MGR_MODULE_ERROR')).toBeLessThan(f.indexOf('OSDMAP_FLAGS'));
    await ui.press(KEY.escape);
    await ui.waitForText('2 Layer health');
    await ui.unmount();
  });

  it('filters across every offender, not just the ones that fit', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.health.setState({ gate: CROWDED });
    const ui = await renderConsole({ engine, columns: 120, rows: 30, initialPane: 'health' });
    expect(ui.frame()).not.toContain('PG_DEGRADED');
    await ui.type('/PG_DEG');
    await ui.waitForText(/System +▲ CephCheck PG_DEGRADED/);
    for (const re of STATUS) expect(ui.frame()).toMatch(re);
    await ui.unmount();
  });

  it('still shows the fixture gate (one offender per layer) in full', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.health.setState({ gate: GATE });
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    expect(ui.frame()).toContain('Pod paperless/paperless-ngx-7d9f');
    expect(ui.frame()).toContain('CephCheck RECENT_CRASH');
    expect(ui.frame()).not.toMatch(/\+\d+ more/);
    await ui.unmount();
  });
});

describe('Ceph detail', () => {
  it('opens ceph health detail with Enter on the Ceph pane: every check with its detail lines; the hint bar offers scrolling, not Enter', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const summary = engine.stores.ceph.getState().summary!;
    engine.stores.ceph.setState({
      summary: {
        ...summary,
        checks: [
          { code: 'SLOW_OPS', severity: 'HEALTH_WARN', summary: '32 slow ops', details: ['osd.3 has slow ops', 'osd.7 has slow ops'], muted: false },
          ...summary.checks,
        ],
      },
    });
    const ui = await renderConsole({ engine, columns: 120, rows: 40, initialPane: 'ceph' });
    await ui.press(KEY.enter);
    await ui.waitForText('Ceph: health detail');
    const f = ui.frame();
    expect(f).toMatch(/▲ HEALTH_WARN SLOW_OPS: 32 slow ops/);
    expect(f).toContain('osd.7 has slow ops');
    expect(f).toContain('Health checks (3)');
    const hint = ui.lines().at(-1)!;
    expect(hint).toContain('↓ move');
    expect(hint).not.toMatch(/Enter open|\/ filter|Tab pane/);
    await ui.press(KEY.escape);
    await ui.waitForText('3 Ceph');
    await ui.unmount();
  });
});

describe('narrow and monochrome', () => {
  it('shows the focused pane by its double border, so focus survives NO_COLOR', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 120, rows: 40, theme: 'mono', initialPane: 'ceph' });
    const cephTitle = ui.lines().find((l) => l.includes('3 Ceph'))!;
    expect(cephTitle).toMatch(/║3 Ceph/);
    expect(ui.lines().find((l) => l.includes('1 Action items'))).toMatch(/│1 Action items/);
    await ui.unmount();
  });

  it('at 40x20 keeps the issue number in the header and the queue row says risk and CI before it is cut', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 40, rows: 20, initialPane: 'queue' });
    expect(ui.lines()[0]).toContain('issue #42');
    expect(ui.frame()).toMatch(/#47 +HIGH +CI ■ FAIL/);
    expect(ui.lines().at(-1)).toMatch(/^m merge/);
    expect(ui.lines().length).toBeLessThanOrEqual(20);
    await ui.unmount();
  });
});
