import { describe, expect, it } from 'vitest';
import { CephActionError, parseOsdId, planCephAction, verifyCephAction, type CephAction } from '../../../src/domain/ceph/actions.js';
import { unknownCephSummary } from '../../../src/domain/ceph/summarise.js';
import type { CephOsd, CephSummary } from '../../../src/domain/ceph/types.js';

function osd(id: number, extra: Partial<CephOsd> = {}): CephOsd {
  return { id, host: 'onyx', up: true, in: true, weight: 0.4, reweight: 1, utilization: 40, pgs: 60, deviceClass: 'ssd', ...extra };
}

function summary(over: Partial<CephSummary> = {}): CephSummary {
  const base = unknownCephSummary('x');
  delete base.error;
  return { ...base, health: 'HEALTH_OK', osds: { total: 3, up: 2, in: 2, list: [osd(0), osd(1), osd(8, { up: false, in: false, reweight: 0 })] }, ...over };
}

const refusal = (a: CephAction, s: CephSummary | null = summary()) => {
  try {
    planCephAction(a, s);
    return 'sent';
  } catch (err) {
    expect(err).toBeInstanceOf(CephActionError);
    return (err as Error).message;
  }
};

describe('planning Ceph actions', () => {
  it('builds the exact argv for each action', () => {
    const s = summary({
      crashes: {
        new: 1,
        total: 1,
        recent: [{ id: '2026-11-26T05:40:05.947739Z_a8bd', entity: 'osd.1', timestamp: '2026-11-26T05:40:05.947739Z', archived: false }],
      },
    });
    expect(planCephAction({ kind: 'crash-archive-all' }, s).args).toEqual(['crash', 'archive-all']);
    expect(planCephAction({ kind: 'crash-archive', crashId: '2026-11-26T05:40:05.947739Z_a8bd' }, s).args).toEqual([
      'crash',
      'archive',
      '2026-11-26T05:40:05.947739Z_a8bd',
    ]);
    expect(planCephAction({ kind: 'osd-reweight', osd: 1, weight: 0.8 }, s)).toMatchObject({
      args: ['osd', 'reweight', '1', '0.8'],
      command: 'ceph osd reweight 1 0.8',
      destructive: false,
    });
    expect(planCephAction({ kind: 'osd-out', osd: 0 }, s).args).toEqual(['osd', 'out', '0']);
    expect(planCephAction({ kind: 'osd-in', osd: 0 }, s).args).toEqual(['osd', 'in', '0']);
    expect(planCephAction({ kind: 'osd-set', flag: 'noout' }, s).args).toEqual(['osd', 'set', 'noout']);
    expect(planCephAction({ kind: 'osd-unset', flag: 'noout' }, s).args).toEqual(['osd', 'unset', 'noout']);
    expect(planCephAction({ kind: 'osd-purge', osd: 8, confirmation: 'osd.8' }, s)).toMatchObject({
      args: ['osd', 'purge', '8', '--yes-i-really-mean-it'],
      destructive: true,
    });
  });

  it('refuses bad ids, weights, flags and crash ids before anything is sent', () => {
    expect(refusal({ kind: 'osd-out', osd: 99 })).toBe('osd.99 does not exist (OSDs: 0, 1, 8)');
    expect(refusal({ kind: 'osd-out', osd: -1 })).toMatch(/not an OSD id/);
    expect(refusal({ kind: 'osd-in', osd: 1.5 })).toMatch(/not an OSD id/);
    expect(refusal({ kind: 'osd-reweight', osd: 1, weight: 1.5 })).toBe('reweight takes a weight from 0 to 1, got 1.5');
    expect(refusal({ kind: 'osd-reweight', osd: 1, weight: Number.NaN })).toMatch(/0 to 1/);
    expect(refusal({ kind: 'osd-set', flag: 'pause' as never })).toMatch(/not a flag/);
    expect(refusal({ kind: 'crash-archive', crashId: 'x; rm -rf /' })).toMatch(/not a crash id/);
    expect(refusal({ kind: 'crash-archive', crashId: '--yes-i-really-mean-it' })).toMatch(/not a crash id/);
  });

  it('validates only the form when nothing is known of the cluster', () => {
    expect(refusal({ kind: 'osd-out', osd: 99 }, null)).toBe('sent');
    expect(refusal({ kind: 'osd-out', osd: 99 }, unknownCephSummary('down'))).toBe('sent');
  });

  it('purges only with the typed confirmation osd.N, and never an up OSD', () => {
    expect(refusal({ kind: 'osd-purge', osd: 8, confirmation: '' })).toBe('purging osd.8 destroys it: type osd.8 to confirm');
    expect(refusal({ kind: 'osd-purge', osd: 8, confirmation: '8' })).toBe("purging osd.8 destroys it: type osd.8 to confirm (got '8')");
    expect(refusal({ kind: 'osd-purge', osd: 8, confirmation: 'osd.1' })).toMatch(/type osd.8/);
    expect(refusal({ kind: 'osd-purge', osd: 1, confirmation: 'osd.1' })).toBe('osd.1 is up: stop its daemon and mark it out before purging');
  });

  it('parses osd ids the way operators type them', () => {
    expect(parseOsdId('osd.8')).toBe(8);
    expect(parseOsdId(' 5 ')).toBe(5);
    expect(parseOsdId('osd.x')).toBeNull();
    expect(parseOsdId('-1')).toBeNull();
  });
});

describe('verifying Ceph actions', () => {
  it('reads each effect from the re-read summary', () => {
    const after = summary({
      flags: ['noout'],
      osds: { total: 2, up: 2, in: 1, list: [osd(0, { in: false, reweight: 0 }), osd(1, { reweight: 0.79998779296875 })] },
    });
    expect(verifyCephAction({ kind: 'osd-set', flag: 'noout' }, after)).toEqual({ ok: true, message: 'noout is set' });
    expect(verifyCephAction({ kind: 'osd-unset', flag: 'noout' }, after)).toEqual({ ok: false, message: 'noout is still set' });
    expect(verifyCephAction({ kind: 'osd-reweight', osd: 1, weight: 0.8 }, after)).toEqual({ ok: true, message: 'osd.1 reweight is 0.8' });
    expect(verifyCephAction({ kind: 'osd-reweight', osd: 1, weight: 0.5 }, after).ok).toBe(false);
    expect(verifyCephAction({ kind: 'osd-out', osd: 0 }, after).ok).toBe(true);
    expect(verifyCephAction({ kind: 'osd-in', osd: 0 }, after)).toEqual({ ok: false, message: 'osd.0 is still out' });
    expect(verifyCephAction({ kind: 'osd-purge', osd: 8, confirmation: 'osd.8' }, after).ok).toBe(true);
    expect(verifyCephAction({ kind: 'osd-purge', osd: 1, confirmation: 'osd.1' }, after).ok).toBe(false);
    expect(verifyCephAction({ kind: 'crash-archive-all' }, summary({ crashes: { new: 2, total: 2, recent: [] } }))).toEqual({
      ok: false,
      message: '2 new crash report(s) still listed',
    });
  });
});
