import { describe, expect, it } from 'vitest';
import { engineOfImage, engineOfPackage, parseVersion, verifyBackupSample } from '../../../src/domain/upgrade/database.js';
import { dependentsOf, dependentWorkloads, imageRepository, podsRunningPackage, type PodFacts } from '../../../src/domain/upgrade/dependents.js';

const sample = (data: Buffer | string) => {
  const b = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return { size: b.length, head: b.subarray(0, 4096), tail: b.subarray(Math.max(0, b.length - 4096)) };
};

const PG =
  '--\n-- PostgreSQL database cluster dump\n--\n\n\\restrict abc\n\nSET default_transaction_read_only = off;\n\nCREATE TABLE t (id int);\n\n--\n-- PostgreSQL database cluster dump complete\n--\n\n';

describe('database engines', () => {
  it('knows the engine from image or package names, and not from look-alikes', () => {
    expect(engineOfImage('docker.io/library/postgres:17.6-bookworm')).toBe('postgresql');
    expect(engineOfImage('docker.io/bitnamilegacy/postgresql:16.2.0')).toBe('postgresql');
    expect(engineOfImage('ghcr.io/cloudnative-pg/postgresql:17')).toBe('postgresql');
    expect(engineOfPackage('valkey/valkey')).toBe('redis');
    expect(engineOfImage('redis:7.4-alpine')).toBe('redis');
    expect(engineOfImage('mariadb:11.4')).toBe('mariadb');
    expect(engineOfImage('mongo:8.0')).toBe('mongodb');
    expect(engineOfImage('quay.io/prometheuscommunity/postgres-exporter:v0.15')).toBeNull();
    expect(engineOfImage('ghcr.io/paperless-ngx/paperless-ngx:2.13')).toBeNull();
  });

  it('reads the version lines the tools print', () => {
    expect(parseVersion('postgresql', 'psql (PostgreSQL) 17.6 (Debian 17.6-1.pgdg12+1)')).toBe('17.6');
    expect(parseVersion('postgresql', 'postgres (PostgreSQL) 18.1')).toBe('18.1');
    expect(parseVersion('redis', 'Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0')).toBe('7.0.15');
    expect(parseVersion('redis', 'Valkey server v=8.1.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64')).toBe('8.1.1');
    expect(parseVersion('mariadb', 'mariadb from 11.4.2-MariaDB, client 15.2 for debian-linux-gnu (x86_64)')).toBe('11.4.2');
    expect(parseVersion('mongodb', 'db version v8.0.4\nBuild Info: {...}')).toBe('8.0.4');
    expect(parseVersion('postgresql', 'sh: psql: not found')).toBeNull();
  });
});

describe('backup verification', () => {
  it('accepts a complete pg_dumpall and says what it checked', () => {
    const v = verifyBackupSample('postgresql', sample(PG));
    expect(v.ok).toBe(true);
    expect(v.checks).toEqual([
      `size ${PG.length} B (${PG.length} bytes)`,
      'begins with the PostgreSQL cluster dump banner',
      'ends with "PostgreSQL database cluster dump complete"',
    ]);
  });

  it('refuses an empty dump, a truncated one and something that is not a dump, each with the reason', () => {
    expect(verifyBackupSample('postgresql', sample(''))).toMatchObject({ ok: false, problems: ['the backup is empty (0 bytes)'] });
    const cut = verifyBackupSample('postgresql', sample(PG.slice(0, PG.length - 60)));
    expect(cut.ok).toBe(false);
    expect(cut.problems).toEqual(['does not end with "-- PostgreSQL database cluster dump complete": the dump is cut short or not a full dump']);
    const html = verifyBackupSample('postgresql', sample('<html>502 Bad Gateway</html>'));
    expect(html.problems).toHaveLength(2);
  });

  it('an RDB needs its header, EOF opcode and checksum', () => {
    const rdb = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xfa, 0x09]), Buffer.from('redis-ver'), Buffer.from([0xff]), Buffer.alloc(8, 7)]);
    expect(verifyBackupSample('redis', sample(rdb)).ok).toBe(true);
    const cut = verifyBackupSample('redis', sample(rdb.subarray(0, rdb.length - 3)));
    expect(cut.problems).toEqual(['does not end with the RDB EOF marker and checksum: the file is cut short']);
    expect(verifyBackupSample('redis', sample(Buffer.concat([Buffer.from('JUNK'), Buffer.from([0xff]), Buffer.alloc(8)]))).problems[0]).toMatch(/RDB header/);
  });

  it('mysqldump and mongodump archives by their own marks', () => {
    const my =
      '-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n--\n-- Host: localhost\nCREATE TABLE x (i int);\n-- Dump completed on 2026-11-24 10:00:01\n';
    expect(verifyBackupSample('mariadb', sample(my)).ok).toBe(true);
    expect(verifyBackupSample('mariadb', sample(my.slice(0, 80))).ok).toBe(false);
    const archive = Buffer.alloc(64);
    archive.writeUInt32LE(0x8199e26d, 0);
    expect(verifyBackupSample('mongodb', sample(archive)).ok).toBe(true);
    expect(verifyBackupSample('mongodb', sample(Buffer.alloc(64))).ok).toBe(false);
  });
});

const pod = (
  namespace: string,
  name: string,
  images: string[],
  env: string[] = [],
  workload: PodFacts['workload'] = null,
  configMaps: string[] = [],
): PodFacts => ({ namespace, name, phase: 'Running', images, env, configMaps, workload });

describe('dependency check and dependents', () => {
  const pods = [
    pod('database', 'postgres-0', ['docker.io/library/postgres:17.6-bookworm'], ['POSTGRES_USER=postgres'], { kind: 'StatefulSet', name: 'postgres' }),
    pod('database', 'postgres-exporter-abc', ['quay.io/prometheuscommunity/postgres-exporter:v0.15'], ['DATA_SOURCE_URI=postgres.database.svc:5432/postgres'], {
      kind: 'Deployment',
      name: 'postgres-exporter',
    }),
    pod('media', 'paperless-6f9-x1', ['ghcr.io/paperless-ngx/paperless-ngx:2.13'], ['PAPERLESS_DBHOST=postgres.database.svc.cluster.local'], {
      kind: 'Deployment',
      name: 'paperless',
    }),
    pod('media', 'paperless-6f9-x2', ['ghcr.io/paperless-ngx/paperless-ngx:2.13'], ['PAPERLESS_DBHOST=postgres.database.svc.cluster.local'], {
      kind: 'Deployment',
      name: 'paperless',
    }),
    pod('home', 'home-assistant-0', ['ghcr.io/home-assistant/home-assistant:2025.1'], [], { kind: 'StatefulSet', name: 'home-assistant' }, ['ha-config']),
    // A short name from another namespace does not resolve to the database: not a dependent.
    pod('other', 'tool-1', ['busybox'], ['HOST=postgres'], { kind: 'Deployment', name: 'tool' }),
    pod('media', 'jellyfin-0', ['jellyfin/jellyfin:10.10'], ['JELLYFIN_PublishedServerUrl=http://jellyfin'], { kind: 'Deployment', name: 'jellyfin' }),
  ];

  it('finds the pods running the package by image repository, not by substring', () => {
    expect(imageRepository('docker.io/library/postgres:17.6-bookworm@sha256:abc')).toBe('postgres');
    expect(imageRepository('ghcr.io/bjw-s-labs/app-template:4.4.0')).toBe('bjw-s-labs/app-template');
    const hits = podsRunningPackage(pods, [{ name: 'postgres', from: '17.6-bookworm', to: '18.1-bookworm', updateType: 'major' }]);
    expect(hits.map((h) => h.pod.name)).toEqual(['postgres-0']);
    expect(podsRunningPackage(pods, [{ name: 'bitnamilegacy/postgresql', from: null, to: null, updateType: 'major' }])).toEqual([]);
  });

  it('dependents are the pods whose env or ConfigMap names the database Service; workloads listed once', () => {
    const deps = dependentsOf(pods, { namespace: 'database', service: 'postgres', pods: ['postgres-0'] }, [
      { namespace: 'home', name: 'ha-config', data: { 'configuration.yaml': 'recorder:\n  db_url: postgresql://ha@postgres.database:5432/ha\n' } },
    ]);
    expect(deps.map((d) => `${d.pod.namespace}/${d.pod.name} ${d.via.split(' ')[0]}`)).toEqual([
      'database/postgres-exporter-abc env',
      'media/paperless-6f9-x1 env',
      'media/paperless-6f9-x2 env',
      'home/home-assistant-0 configmap',
    ]);
    expect(dependentWorkloads(deps).map((w) => `${w.kind}/${w.namespace}/${w.name}`)).toEqual([
      'deployment/database/postgres-exporter',
      'deployment/media/paperless',
      'statefulset/home/home-assistant',
    ]);
  });
});
