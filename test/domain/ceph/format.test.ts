import { describe, expect, it } from 'vitest';
import { formatBytes, formatCephSummary } from '../../../src/domain/ceph/format.js';
import { readCephSummary } from '../../../src/services/ceph/reader.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';

describe('the human view of the Ceph model', () => {
  it('shows health, checks with details, the OSD table and new crashes', async () => {
    const sim = new CephSimulator({ state: 'degraded', now: () => Date.parse('2026-11-26T09:00:00Z') });
    const text = formatCephSummary(await readCephSummary(sim.executor()), 'exec rook-ceph/deploy/rook-ceph-tools', { maxDetails: 1 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Ceph HEALTH_ERR  20.2.0 tentacle  (exec rook-ceph/deploy/rook-ceph-tools)');
    expect(text).toContain("  ERR MGR_MODULE_ERROR: Module 'prometheus' has failed: not all arguments converted during string formatting");
    expect(text).toContain('      osd.3 observed slow operation indications in BlueStore\n      … 1 more');
    expect(text).toMatch(/OSDs 9 total, 8 up, 7 in {3}flags noout/);
    expect(lines.find((l) => l.includes('osd.8 '))).toMatch(/^ {2}osd\.8\s+opal\s+ssd\s+down,out\s+0\.4028\s+0\.000\s+0\.0\s+0$/);
    expect(text).toMatch(/NEW CRASHES\n[\s\S]*mgr\.a \(module prometheus\)/);
    expect(text).toContain('offenders mgr.a osd.3 osd.7 osd.8');
    expect(text).toMatch(/progress Global Recovery Event \(\d+m\) 40%/);
  });

  it('prints sizes the way ceph df does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1.2 * 1024 ** 4)).toBe('1.2 TiB');
    expect(formatBytes(930 * 1024 ** 3)).toBe('930 GiB');
    expect(formatBytes(null)).toBe('?');
  });
});
