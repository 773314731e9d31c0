import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { checkHostKey, fingerprint, knownKeyTypes, parseKnownHosts } from '../../../src/services/ssh/known-hosts.js';

/** An ssh-ed25519 public key blob (string "ssh-ed25519" + 32-byte key), as a server sends it. */
function blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const t = Buffer.from('ssh-ed25519');
  const len = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  return Buffer.concat([len(t.length), t, len(raw.length), raw]);
}

const a = blob();
const b = blob();
const line = (hosts: string, key: Buffer, marker = '') => `${marker ? `${marker} ` : ''}${hosts} ssh-ed25519 ${key.toString('base64')}`;
const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdef0123');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  test('plain, [host]:port, wildcard and hashed names match; other hosts do not', () => {
    const entries = parseKnownHosts(
      [line('10.0.20.10,controller', a), line('[127.0.0.1]:2223', a), line('10.0.20.*,!10.0.20.99', a), line(hashed('[10.0.30.5]:2222'), a)].join('\n'),
    );
    expect(checkHostKey(entries, '10.0.20.10', 22, a).result).toBe('known');
    expect(checkHostKey(entries, '127.0.0.1', 2223, a).result).toBe('known');
    expect(checkHostKey(entries, '127.0.0.1', 22, a).result).toBe('unknown');
    expect(checkHostKey(entries, '10.0.20.15', 22, a).result).toBe('known');
    expect(checkHostKey(entries, '10.0.20.99', 22, a).result).toBe('unknown');
    expect(checkHostKey(entries, '10.0.30.5', 2222, a).result).toBe('known');
    expect(knownKeyTypes(entries, '10.0.20.10', 22)).toEqual(['ssh-ed25519']);
  });

  test('a different key for a known host is "changed", with both fingerprints', () => {
    const v = checkHostKey(parseKnownHosts(`# comment\n${line('controller', a)}\n`), 'controller', 22, b);
    expect(v).toEqual({ result: 'changed', fingerprint: fingerprint(b), keyType: 'ssh-ed25519', expected: [{ fingerprint: fingerprint(a), line: 2 }] });
  });

  test('@revoked keys are refused even when also listed', () => {
    const v = checkHostKey(parseKnownHosts([line('controller', a), line('*', a, '@revoked')].join('\n')), 'controller', 22, a);
    expect(v.result).toBe('revoked');
  });

  test('fingerprints look like OpenSSH’s', () => {
    expect(fingerprint(a)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
