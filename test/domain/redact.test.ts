import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, clearRegisteredSecrets, redactDeep, redactSecrets, registerAuthorization, registerSecret } from '../../src/domain/redact.js';

afterEach(() => clearRegisteredSecrets());

describe('redactSecrets', () => {
  it('masks registered secret values wherever they appear, and their URL-encoded form', () => {
    registerSecret('s3cr3t-token-value');
    registerSecret('p@ss/w0rd+x');
    expect(redactSecrets('GET /user failed for s3cr3t-token-value at x')).toBe(`GET /user failed for ${REDACTED} at x`);
    expect(redactSecrets(`https://h/?q=${encodeURIComponent('p@ss/w0rd+x')}`)).not.toContain('w0rd');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    registerSecret('abcdef');
    registerSecret('abcdef-0123456789');
    expect(redactSecrets('x abcdef-0123456789 y')).toBe(`x ${REDACTED} y`);
  });

  it('masks literal credentials whose syntax says so', () => {
    expect(redactSecrets('Authorization: token abcdef123456')).toBe(`Authorization: token ${REDACTED}`);
    expect(redactSecrets('GITEA_TOKEN=abcdef123456 other')).toBe(`GITEA_TOKEN=${REDACTED} other`);
    expect(redactSecrets('{"password": "hunter22"}')).toBe(`{"password": ${REDACTED}}`);
  });

  it('masks URL userinfo passwords, long userinfo tokens and credential query parameters', () => {
    expect(redactSecrets('https://ops:Sup3rSecret@git.lab/x')).toBe(`https://ops:${REDACTED}@git.lab/x`);
    expect(redactSecrets('https://ghp_0123456789abcdefghijKLMN@github.com/a/b')).toBe(`https://${REDACTED}@github.com/a/b`);
    expect(redactSecrets('server: https://10.0.0.1:6443/?token=zzz999&x=1')).toBe(`server: https://10.0.0.1:6443/?token=${REDACTED}&x=1`);
    expect(redactSecrets('https://s3/b?X-Amz-Signature=deadbeef')).toBe(`https://s3/b?X-Amz-Signature=${REDACTED}`);
  });

  it('never changes a command that refers to its secrets through shell expansions', () => {
    const commands = [
      'curl -H "Authorization: token $GITEA_TOKEN" "$GITEA_URL/api/v1/repos/o/r/pulls/46/merge"',
      'curl -H "Authorization: Bearer ${TOKEN}" https://x',
      'export GITEA_TOKEN=$(cat ~/.config/gitea/token)',
      'curl "https://h/api?token=$GITEA_TOKEN&state=open"',
      'git clone https://oauth2:$GITEA_TOKEN@git.lab/ops/homelab.git',
      'ssh git@git.lab.lan && ssh://git@host:2222/ops/homelab',
    ];
    for (const c of commands) expect(redactSecrets(c)).toBe(c);
  });

  it('leaves prose and configuration errors that name credentials alone', () => {
    for (const t of [
      'ceph osd reweight 5 1.0',
      'password: see the vault',
      'config.yaml: gitea.tokenFile: expected string, received number',
      'token: the Gitea token (required)',
    ]) {
      expect(redactSecrets(t)).toBe(t);
    }
  });

  it('registers the credential of an Authorization header the client library computed', () => {
    registerAuthorization('Bearer exec-plugin-token-42');
    registerAuthorization(`Basic ${btoa('admin:basic-pass-77')}`);
    expect(redactSecrets('token exec-plugin-token-42 and basic-pass-77')).toBe(`token ${REDACTED} and ${REDACTED}`);
  });

  it('redacts every string of a JSON value', () => {
    registerSecret('deep-secret-1');
    expect(redactDeep({ a: ['x deep-secret-1'], b: { c: 'deep-secret-1' }, n: 3 })).toEqual({ a: [`x ${REDACTED}`], b: { c: REDACTED }, n: 3 });
  });
});
