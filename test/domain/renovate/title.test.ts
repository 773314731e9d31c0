import { describe, expect, it } from 'vitest';
import { parseRenovateTitle, titleSaysMajor } from '../../../src/domain/renovate/title.js';

describe('parseRenovateTitle', () => {
  it.each([
    // title, depName, to, major?, nonMajorGroup
    ['chore(deps): update helm release renovate to v46', 'renovate', 'v46', true, false],
    ['chore(deps): update all non-major dependencies', null, null, null, true],
    ['fix(deps): update all non-major dependencies', null, null, null, true],
    ['chore(deps): update valkey/valkey docker tag to v9', 'valkey/valkey', 'v9', true, false],
    ['chore(deps): update docker.io/library/debian docker tag to v13', 'docker.io/library/debian', 'v13', true, false],
    ['chore(deps): update ghcr.io/bjw-s-labs/app-template docker tag to v4.4.0', 'ghcr.io/bjw-s-labs/app-template', 'v4.4.0', null, false],
    ['chore(deps): update helm release cert-manager to v1.19.2', 'cert-manager', 'v1.19.2', null, false],
    ['Update dependency lodash to v4.17.21', 'lodash', 'v4.17.21', null, false],
    ['Update dependency react to v19', 'react', 'v19', true, false],
    ['Update nginx Docker tag to v1.27', 'nginx', 'v1.27', null, false],
    ['Update Helm release traefik to v34', 'traefik', 'v34', true, false],
    ['Update actions/checkout action to v5', 'actions/checkout', 'v5', true, false],
    ['fix(deps): update rust crate serde to v1.0.215', 'serde', 'v1.0.215', null, false],
    ['Update postgres digest to 3f1e2a9', 'postgres', '3f1e2a9', null, false],
    ['Update dependency react to v19 (main)', 'react', 'v19', true, false],
  ] as const)('%s', (title, depName, to, major, group) => {
    const t = parseRenovateTitle(title)!;
    expect(t).not.toBeNull();
    expect(t.strong).toBe(true);
    expect(t.depName).toBe(depName);
    expect(t.to).toBe(to);
    expect(titleSaysMajor(t)).toBe(major);
    expect(t.nonMajorGroup).toBe(group);
  });

  it('reads a (major) suffix, drafts and bare groups', () => {
    const linters = parseRenovateTitle('Update linters (major)')!;
    expect(linters.tag).toBe('major');
    expect(titleSaysMajor(linters)).toBe(true);
    expect(linters.strong).toBe(false); // a custom group name is not Renovate's vocabulary on its own
    const wip = parseRenovateTitle('WIP: Update dependency eslint to v9.14.0')!;
    expect(wip.draft).toBe(true);
    expect(wip.depName).toBe('eslint');
    expect(parseRenovateTitle('Pin dependencies')!.strong).toBe(true);
    expect(parseRenovateTitle('Lock file maintenance')!.action).toBe('lock file maintenance');
  });

  it('does not take ordinary PR titles for Renovate ones', () => {
    expect(parseRenovateTitle('Add paperless backup job')).toBeNull();
    expect(parseRenovateTitle('Update README')?.strong).toBe(false);
    expect(parseRenovateTitle('feat: update the dashboard layout')?.strong).toBe(false);
  });
});
