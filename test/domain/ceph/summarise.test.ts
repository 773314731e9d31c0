import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stderrLine } from '../../../src/domain/ceph/output.js';
import { daemonsIn } from '../../../src/domain/ceph/offenders.js';
import { OsdDumpSchema, PgStatSchema, StatusSchema, HealthSchema } from '../../../src/domain/ceph/schemas.js';
import { summariseCeph, toCephHealthInput, unknownCephSummary } from '../../../src/domain/ceph/summarise.js';

const status = (extra: Record<string, unknown> = {}) =>
  StatusSchema.parse({
    health: { status: 'HEALTH_WARN', checks: { OSDMAP_FLAGS: { severity: 'HEALTH_WARN', summary: { message: 'noout flag(s) set', count: 5 }, muted: false } } },
    quorum_names: ['f', 'h'],
    ...extra,
  });

describe('models across releases', () => {
  it('reads the nested osdmap block of Octopus and the flat one of Pacific+', () => {
    const counts = { epoch: 7, num_osds: 4, num_up_osds: 3, num_in_osds: 2 };
    expect(StatusSchema.parse({ health: { status: 'HEALTH_OK' }, osdmap: { osdmap: counts } }).osdmap).toMatchObject(counts);
    expect(StatusSchema.parse({ health: { status: 'HEALTH_OK' }, osdmap: counts }).osdmap).toMatchObject(counts);
  });

  it('reads pg stat with and without the pg_summary wrapper', () => {
    const inner = { num_pg_by_state: [{ name: 'active+clean', num: 9 }], num_pgs: 9 };
    expect(PgStatSchema.parse({ pg_ready: true, pg_summary: inner })).toMatchObject(inner);
    expect(PgStatSchema.parse(inner)).toMatchObject(inner);
  });

  it('reads Luminous-style overall_status and keeps unknown health words UNKNOWN', () => {
    expect(HealthSchema.parse({ overall_status: 'HEALTH_WARN', checks: {} }).status).toBe('HEALTH_WARN');
    expect(summariseCeph({ status: StatusSchema.parse({ health: { status: 'HEALTH_SOMETHING' } }) }).health).toBe('UNKNOWN');
  });

  it('takes flags from flags_set, else the flags string, without the internal ones', () => {
    const withSet = OsdDumpSchema.parse({ flags: 'ignored', flags_set: ['noout', 'sortbitwise', 'norebalance'] });
    expect(summariseCeph({ status: status(), osdDump: withSet }).flags).toEqual(['noout', 'norebalance']);
    const plain = OsdDumpSchema.parse({ flags: 'noout,sortbitwise,recovery_deletes,purged_snapdirs,pglog_hardlimit' });
    expect(summariseCeph({ status: status(), osdDump: plain }).flags).toEqual(['noout']);
  });

  it('lets the osd dump decide up/in over the tree', () => {
    const s = summariseCeph({
      status: status(),
      osdDump: OsdDumpSchema.parse({
        osds: [
          { osd: 0, up: 0, in: 1, weight: 1, state: ['exists'] },
          { osd: 1, up: 1, in: 0, weight: 0, state: ['exists', 'up'] },
        ],
      }),
    });
    expect(s.osds.list.map((o) => [o.id, o.up, o.in])).toEqual([
      [0, false, true],
      [1, true, false],
    ]);
    expect(s.offenders).toEqual(['osd.0']);
  });
});

describe('offenders', () => {
  it('names daemons in check text, not host names that contain daemon words', () => {
    expect(daemonsIn('mgr module prometheus crashed in daemon mgr.a on host rook-ceph-mgr-a-5fb858f4f-4ctkb at 2026-02-13T14:55:07Z')).toEqual(['mgr.a']);
    expect(daemonsIn('23 slow ops, oldest one blocked for 412 sec, daemons [osd.3,osd.7] have slow ops.')).toEqual(['osd.3', 'osd.7']);
    expect(daemonsIn('mon.f has slow ops; mds.standard-rwx-a is laggy')).toEqual(['mon.f', 'mds.standard-rwx-a']);
    expect(daemonsIn('pg 1.7 is active+undersized+degraded, acting [0,1]')).toEqual([]);
  });
});

describe('errors as one line', () => {
  it('picks one line out of any stderr', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), (lines) => {
        const line = stderrLine(lines.join('\n'));
        return line === null || (!line.includes('\n') && line.trim() === line && line.length > 0);
      }),
    );
    expect(
      stderrLine('Invalid command: 1.5 not in range [0.0, 1.0]\nosd reweight <id|osd.id> <weight:float> :  reweight\nError EINVAL: invalid command\n'),
    ).toBe('Invalid command: 1.5 not in range [0.0, 1.0]');
    expect(stderrLine('Traceback (most recent call last):\n  File "x", line 1\nValueError: bad assert_msg\n')).toBe('ValueError: bad assert_msg');
  });
});

describe('the System layer input', () => {
  const s = summariseCeph({ status: status() });
  it('passes health and unmuted checks through while live', () => {
    expect(toCephHealthInput(s)).toEqual({ health: 'HEALTH_WARN', checks: [{ code: 'OSDMAP_FLAGS', severity: 'HEALTH_WARN', summary: 'noout flag(s) set' }] });
  });
  it('is UNKNOWN, never a stale grade, when not live or failed', () => {
    const ok = { ...s, health: 'HEALTH_OK' as const, checks: [] };
    expect(toCephHealthInput(ok, { live: false })).toMatchObject({ health: 'UNKNOWN', error: 'ceph data is not live' });
    expect(toCephHealthInput(ok, { live: false, error: 'ceph status: timed out after 15 s' })).toMatchObject({
      health: 'UNKNOWN',
      error: 'ceph status: timed out after 15 s',
    });
    expect(toCephHealthInput(unknownCephSummary('no ceph tools pod', ok))).toMatchObject({ health: 'UNKNOWN', error: 'no ceph tools pod' });
    expect(toCephHealthInput(null)).toMatchObject({ health: 'UNKNOWN', error: 'ceph not read yet' });
  });
});

describe('offenders of RECENT_CRASH', () => {
  const crashStatus = (count: number, muted = false) =>
    StatusSchema.parse({
      health: {
        status: 'HEALTH_WARN',
        checks: { RECENT_CRASH: { severity: 'HEALTH_WARN', summary: { message: `${count} daemons have recently crashed`, count }, muted } },
      },
    });
  const crash = (entity: string, timestamp: string, archived = false) => ({
    crash_id: `${timestamp}_${entity}`,
    timestamp,
    entity_name: entity,
    ...(archived ? { archived: '2026-12-01 10:00:00.000000' } : {}),
  });
  const crashes = [
    crash('osd.1', '2026-12-01T10:00:00.000000Z'),
    crash('mon.a', '2026-12-01T09:00:00.000000Z'),
    crash('osd.7', '2026-11-01T09:00:00.000000Z'),
    crash('osd.2', '2026-12-01T11:00:00.000000Z', true),
  ];

  it('names the daemons of the crashes the check counts when only the status (no health detail) was read', () => {
    // status's health block has no detail lines: without the crash list the check names nobody.
    const s = summariseCeph({ status: crashStatus(2), crashes });
    expect(s.offenders).toEqual(['mon.a', 'osd.1']);
  });

  it('leaves out archived crashes, those older than the check counts, and a muted check', () => {
    expect(summariseCeph({ status: crashStatus(1), crashes }).offenders).toEqual(['osd.1']);
    expect(summariseCeph({ status: crashStatus(2, true), crashes }).offenders).toEqual([]);
    expect(summariseCeph({ status: status(), crashes }).offenders).toEqual([]);
  });
});
