import { imageRepository } from './dependents.js';

/**
 * The database engines of workflow Phase 6 as data: how to read the version (6.1 step 1), take a
 * full backup through exec (step 2), what a complete backup looks like (step 3), and the restore
 * and verify commands the recovery procedure names (step 4).
 */
export type DbEngine = 'postgresql' | 'mariadb' | 'mongodb' | 'redis';

export interface DbEngineSpec {
  engine: DbEngine;
  label: string;
  /** Image repositories (last segment or full) that run this engine. */
  images: RegExp;
  /** Tried in order: the first that exits 0 names the version. */
  versionCommands: string[][];
  backupCommand: (env: DbEnv) => string[];
  /** Text (SQL) or binary (archive, RDB). */
  format: 'sql' | 'archive' | 'rdb';
  extension: string;
  /** How the recovery procedure restores the file (stdin is the backup). */
  restoreCommand: (env: DbEnv) => string;
  verifyCommand: (env: DbEnv) => string;
  /** Notes of 6.3 for this engine. */
  upgradeNotes: string[];
}

/** What the pod's env says about how to connect (POSTGRES_USER, MARIADB_ROOT_PASSWORD …). */
export interface DbEnv {
  user?: string;
}

export const DB_ENGINES: readonly DbEngineSpec[] = [
  {
    engine: 'postgresql',
    label: 'PostgreSQL',
    images: /(^|\/)(postgres|postgresql|postgis|timescaledb(-ha)?|pgvector|cloudnative-pg\/postgresql|supabase\/postgres|postgres-\d+)$/i,
    versionCommands: [
      ['psql', '--version'],
      ['postgres', '--version'],
    ],
    backupCommand: (e) => ['pg_dumpall', '-U', e.user ?? 'postgres'],
    format: 'sql',
    extension: 'sql',
    restoreCommand: (e) => `psql -U ${e.user ?? 'postgres'} -f - < BACKUP`,
    verifyCommand: (e) => `psql -U ${e.user ?? 'postgres'} -c '\\l+'`,
    upgradeNotes: [
      'Check for removed/changed system catalogs',
      'Run the pg_upgrade compatibility check for an in-place upgrade',
      'A major version may need a pg_dump/pg_restore cycle: the data directory of the old major does not start on the new one',
      'Verify extension compatibility (TimescaleDB, PostGIS, pgvector)',
    ],
  },
  {
    engine: 'mariadb',
    label: 'MariaDB/MySQL',
    images: /(^|\/)(mariadb|mysql|percona-server|percona)$/i,
    versionCommands: [
      ['mariadb', '--version'],
      ['mysqld', '--version'],
      ['mysql', '--version'],
    ],
    backupCommand: (e) => ['mysqldump', '-u', e.user ?? 'root', '--all-databases', '--single-transaction', '--routines', '--events'],
    format: 'sql',
    extension: 'sql',
    restoreCommand: (e) => `mysql -u ${e.user ?? 'root'} < BACKUP`,
    verifyCommand: (e) => `mysql -u ${e.user ?? 'root'} -e 'SHOW DATABASES'`,
    upgradeNotes: [
      'Check for deprecated SQL modes',
      'Verify character set and collation compatibility',
      'Review my.cnf for deprecated options',
      'May require mysql_upgrade (mariadb-upgrade) after the version bump',
    ],
  },
  {
    engine: 'mongodb',
    label: 'MongoDB',
    images: /(^|\/)(mongo|mongodb|mongodb-community-server|percona-server-mongodb)$/i,
    versionCommands: [['mongod', '--version']],
    backupCommand: () => ['mongodump', '--archive'],
    format: 'archive',
    extension: 'archive',
    restoreCommand: () => 'mongorestore --archive --drop < BACKUP',
    verifyCommand: () => `mongosh --quiet --eval 'db.adminCommand({listDatabases: 1})'`,
    upgradeNotes: [
      'Check the feature compatibility version (FCV)',
      'May require setFeatureCompatibilityVersion before the upgrade',
      'Review aggregation pipeline changes',
      'Check index compatibility',
    ],
  },
  {
    engine: 'redis',
    label: 'Redis/Valkey',
    images: /(^|\/)(redis|valkey|redis-stack-server|keydb|dragonfly)$/i,
    versionCommands: [
      ['redis-server', '--version'],
      ['valkey-server', '--version'],
    ],
    backupCommand: () => ['redis-cli', '--rdb', '-'],
    format: 'rdb',
    extension: 'rdb',
    restoreCommand: () => 'stop the server, copy BACKUP to /data/dump.rdb (appendonly no), start it',
    verifyCommand: () => 'redis-cli DBSIZE',
    upgradeNotes: [
      'Verify RDB/AOF format compatibility (an RDB written by the new version does not load in the old one)',
      'Check for deprecated commands',
      'Review cluster mode changes if applicable',
    ],
  },
];

export function engineSpec(engine: DbEngine): DbEngineSpec {
  return DB_ENGINES.find((e) => e.engine === engine)!;
}

/** The engine an image runs, or null. */
export function engineOfImage(image: string): DbEngine | null {
  const repo = imageRepository(image);
  return DB_ENGINES.find((e) => e.images.test(repo))?.engine ?? null;
}

/** The engine a Renovate package name stands for (`valkey/valkey`, `bitnamilegacy/postgresql`). */
export function engineOfPackage(name: string): DbEngine | null {
  return engineOfImage(name);
}

/** `psql (PostgreSQL) 17.6 (Debian 17.6-1.pgdg12+1)` → `17.6`; `Redis server v=7.0.15 sha=…` → `7.0.15`. */
export function parseVersion(engine: DbEngine, output: string): string | null {
  const text = output.trim();
  const patterns: Record<DbEngine, RegExp[]> = {
    postgresql: [/\(PostgreSQL\)\s+(\d+(?:\.\d+)*)/i, /PostgreSQL\s+(\d+(?:\.\d+)*)/i],
    mariadb: [/(\d+\.\d+\.\d+)-MariaDB/i, /Distrib\s+(\d+\.\d+\.\d+)/i, /Ver\s+(\d+\.\d+\.\d+)/i, /from\s+(\d+\.\d+\.\d+)/i],
    mongodb: [/db version v(\d+\.\d+\.\d+)/i],
    redis: [/\bv=(\d+\.\d+\.\d+)/i],
  };
  for (const re of patterns[engine]) {
    const m = text.match(re);
    if (m) return m[1]!;
  }
  return null;
}

/** The ends of a backup file, enough to judge it without reading it all. */
export interface BackupSample {
  size: number;
  head: Uint8Array;
  tail: Uint8Array;
}

export interface BackupVerdict {
  ok: boolean;
  /** Why it is refused, one line each (empty when ok). */
  problems: string[];
  /** What was checked, for the issue and the screen. */
  checks: string[];
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** The last line that is not blank, a bare `--` or psql's `\unrestrict KEY` (pg_dump ≥ 17.6/16.10/15.14 ends with one). */
function lastMeaningfulLine(tail: string): string {
  const lines = tail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '--' && !/^\\unrestrict\b/.test(l));
  return lines.at(-1) ?? '';
}

/** `1.2 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * 6.1 step 3 over the file's ends: not empty, and shaped like a complete backup of its engine — a
 * pg_dumpall begins with its cluster-dump banner and ends with "dump complete", a mysqldump ends
 * with "Dump completed", an RDB starts with REDIS and its version and ends with the EOF opcode and
 * checksum, a mongodump archive starts with its magic number. A dump cut short (the pod died, the
 * stream broke, the disk filled) fails the end check.
 */
export function verifyBackupSample(engine: DbEngine, s: BackupSample): BackupVerdict {
  const problems: string[] = [];
  const checks: string[] = [`size ${formatBytes(s.size)} (${s.size} bytes)`];
  if (s.size === 0) return { ok: false, problems: ['the backup is empty (0 bytes)'], checks };
  const head = text(s.head);
  const tail = text(s.tail);
  switch (engine) {
    case 'postgresql': {
      if (!/^--\s*\n-- PostgreSQL database (?:cluster )?dump\s*\n/.test(head))
        problems.push('does not begin as a pg_dumpall does ("-- PostgreSQL database cluster dump")');
      else checks.push('begins with the PostgreSQL cluster dump banner');
      if (!/^-- PostgreSQL database (?:cluster )?dump complete$/.test(lastMeaningfulLine(tail)))
        problems.push('does not end with "-- PostgreSQL database cluster dump complete": the dump is cut short or not a full dump');
      else checks.push('ends with "PostgreSQL database cluster dump complete"');
      if (/\bERROR:|pg_dump(?:all)?: error:/.test(tail)) problems.push('the end of the dump holds an error message');
      break;
    }
    case 'mariadb': {
      if (!/^-- (?:MySQL|MariaDB) dump \d/.test(head)) problems.push('does not begin as mysqldump does ("-- MySQL dump" / "-- MariaDB dump")');
      else checks.push('begins with the mysqldump banner');
      if (!/-- Dump completed(?: on [^\n]*)?\s*$/.test(tail)) problems.push('does not end with "-- Dump completed": the dump is cut short');
      else checks.push('ends with "Dump completed"');
      break;
    }
    case 'mongodb': {
      const magic = s.head.length >= 4 ? Buffer.from(s.head).readUInt32LE(0) : 0;
      if (magic !== 0x8199e26d) problems.push('does not begin with the mongodump archive magic number');
      else checks.push('mongodump archive magic number present');
      break;
    }
    case 'redis': {
      if (!/^(?:REDIS|VALKEY)\d{4}/.test(head.slice(0, 11))) problems.push('does not begin with an RDB header (REDIS00NN)');
      else checks.push(`RDB header ${head.slice(0, 9)}`);
      const t = s.tail;
      // RDB ≥ 5 ends: EOF opcode 0xFF, then an 8-byte CRC64.
      if (t.length < 9 || t[t.length - 9] !== 0xff) problems.push('does not end with the RDB EOF marker and checksum: the file is cut short');
      else checks.push('ends with the RDB EOF marker and checksum');
      break;
    }
  }
  return { ok: problems.length === 0, problems, checks };
}
