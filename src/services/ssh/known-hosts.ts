import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface KnownHostEntry {
  /** 1-based line in the file, for messages. */
  line: number;
  marker: '@revoked' | '@cert-authority' | null;
  /** Host patterns (`host`, `[host]:port`, wildcards, `!negation`) or one hashed `|1|salt|hash`. */
  patterns: string[];
  keyType: string;
  /** The raw key blob (base64-decoded), as the server sends it. */
  key: Buffer;
}

/** `SHA256:…` exactly as OpenSSH prints it (base64, no padding). */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64) return;
    out.push({ line: i + 1, marker, patterns: hosts.split(','), keyType, key: Buffer.from(b64, 'base64') });
  });
  return out;
}

/** How OpenSSH names a host in known_hosts: `host` on port 22, else `[host]:port`. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  let matched = false;
  for (const p of entry.patterns) {
    if (p.startsWith('|')) {
      if (hashedMatch(p, name)) matched = true;
    } else if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

export type HostKeyVerdict =
  | { result: 'known'; fingerprint: string; line: number }
  | { result: 'unknown'; fingerprint: string; keyType: string }
  | { result: 'changed'; fingerprint: string; keyType: string; expected: Array<{ fingerprint: string; line: number }> }
  | { result: 'revoked'; fingerprint: string; line: number };

/**
 * Checks the key a server offered against known_hosts. Like OpenSSH, a host known only with other
 * key types is "changed" for this type too; nothing unknown or changed is ever accepted.
 */
export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = hostKeyName(host, port);
  const fp = fingerprint(key);
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, name));
  const revoked = mine.find((e) => e.marker === '@revoked' && e.key.equals(key));
  if (revoked) return { result: 'revoked', fingerprint: fp, line: revoked.line };
  const plain = mine.filter((e) => e.marker === null);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { result: 'known', fingerprint: fp, line: same.line };
  if (plain.length === 0) return { result: 'unknown', fingerprint: fp, keyType: keyTypeOf(key) };
  return { result: 'changed', fingerprint: fp, keyType: keyTypeOf(key), expected: plain.map((e) => ({ fingerprint: fingerprint(e.key), line: e.line })) };
}

/** The key types known for a host, to offer only those (OpenSSH does the same). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = hostKeyName(host, port);
  return [...new Set(entries.filter((e) => e.marker === null && entryMatches(e, name)).map((e) => e.keyType))];
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
