import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, clearRegisteredSecrets, redactSecrets, registerSecret } from '../../src/domain/redact.js';

afterEach(() => clearRegisteredSecrets());

describe('redactSecrets', () => {
  it('masks registered secret values wherever they appear', () => {
    registerSecret('s3cr3t-token-value');
    expect(redactSecrets('GET /user failed for s3cr3t-token-value at x')).toBe(`GET /user failed for ${REDACTED} at x`);
  });

  it('masks Authorization headers and KEY=VALUE credentials without registration', () => {
    expect(redactSecrets('Authorization: token abcdef123456')).toBe(`Authorization: token ${REDACTED}`);
    expect(redactSecrets('GITEA_TOKEN=abcdef123456 other')).toBe(`GITEA_TOKEN=${REDACTED} other`);
    expect(redactSecrets('{"password": "hunter22"}')).toContain(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('ceph osd reweight 5 1.0')).toBe('ceph osd reweight 5 1.0');
  });
});
