import { describe, expect, it } from 'vitest';
import { compareVersions, highestUpdateType, parseVersion, updateTypeFromColumn } from '../../../src/domain/renovate/versions.js';

describe('compareVersions', () => {
  it.each([
    ['10.5.14', '10.5.15', 'patch'],
    ['81.3.0', '81.4.2', 'minor'],
    ['45.88.1', '46.0.4', 'major'],
    ['v2.73.3', 'v2.73.5', 'patch'],
    ['~> 5.17.0', '~> 5.18.0', 'minor'],
    ['^1.7.0', '1.7.0', 'unknown'],
    ['18.1-bookworm', '18.2-bookworm', 'minor'],
    ['12-slim', '13-slim', 'major'],
    ['8.1-alpine', '9.0-alpine', 'major'],
    ['17.6.1.074', '17.6.1.079', 'patch'],
    ['0.0.15', '0.1.1', 'major'], // 0.x: a minor step is breaking
    ['1.2.3', '1.2.3-debian', 'patch'],
    ['latest', 'stable', 'unknown'],
    ['3f1e2a9', 'a9c8b7d', 'digest'],
    ['sha256:3f1e2a9b', 'sha256:a9c8b7d1', 'digest'],
  ] as const)('%s → %s is %s', (from, to, want) => {
    expect(compareVersions(from, to)).toBe(want);
  });

  it('is unknown when a side is missing', () => {
    expect(compareVersions(null, '1.2.3')).toBe('unknown');
    expect(compareVersions('1.2.3', null)).toBe('unknown');
  });

  it('parses prefixes and suffixes', () => {
    expect(parseVersion('v1.19.3')).toEqual({ parts: [1, 19, 3], rest: '' });
    expect(parseVersion('~> 5.17.0')).toEqual({ parts: [5, 17, 0], rest: '' });
    expect(parseVersion('18.1-bookworm')).toEqual({ parts: [18, 1], rest: '-bookworm' });
    expect(parseVersion('bookworm')).toBeNull();
  });
});

describe('update type helpers', () => {
  it('maps the Update column', () => {
    expect(updateTypeFromColumn(' major ')).toBe('major');
    expect(updateTypeFromColumn('pinDigest')).toBe('pin');
    expect(updateTypeFromColumn('digest')).toBe('digest');
    expect(updateTypeFromColumn('lockFileMaintenance')).toBe('unknown');
    expect(updateTypeFromColumn('replacement')).toBe('unknown');
  });

  it('picks the highest type, major > minor > patch > digest > pin', () => {
    expect(highestUpdateType(['patch', 'minor', 'digest'])).toBe('minor');
    expect(highestUpdateType(['pin', 'digest'])).toBe('digest');
    expect(highestUpdateType(['patch', 'major'])).toBe('major');
    expect(highestUpdateType([])).toBe('unknown');
  });
});
