import { mulberry32 } from '../kube/seed/builders.js';

/**
 * The demo's PostgreSQL cluster as data: roles, databases, tables and their rows, seeded the same
 * every run. It is what the simulated postgres-0 "holds": pg_dumpall writes exactly these rows and
 * psql counts exactly these, so a backup of it is complete for the same reason a real one is — it
 * carries every row the server has, between the banner and the "dump complete" footer.
 */
export interface SimColumn {
  name: string;
  /** The type as pg_dump prints it. */
  type: string;
  notNull?: boolean;
}

export interface SimTable {
  name: string;
  columns: SimColumn[];
  primaryKey: string;
  /** Each row's values in column order; null is SQL NULL. */
  rows: Array<Array<string | number | null>>;
}

export interface SimDatabase {
  name: string;
  owner: string;
  tables: SimTable[];
}

export interface SimPgCluster {
  roles: string[];
  databases: SimDatabase[];
}

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];
const WORDS = ['invoice', 'receipt', 'contract', 'insurance', 'tax return', 'payslip', 'warranty', 'manual', 'letter', 'statement'];
const TAGS = ['finance', 'home', 'car', 'health', 'work', 'utilities', 'travel', 'legal'];

const day = (base: number, offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);

/** The seeded cluster: Nextcloud's and paperless-ngx's databases (the Deployments that name postgres.databases). */
export function seedPgCluster(seed = 47): SimPgCluster {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const base = Date.UTC(2024, 0, 1);
  const users = FIRST.map((u) => [u, u[0]!.toUpperCase() + u.slice(1)] as Array<string | number | null>);
  const files = Array.from({ length: 240 }, (_, i) => {
    const owner = pick(FIRST);
    return [i + 1, `files/${owner}/${pick(WORDS).replace(' ', '-')}-${i + 1}.pdf`, Math.floor(rnd() * 5_000_000) + 1_000] as Array<string | number | null>;
  });
  const tags = TAGS.map((t, i) => [i + 1, t] as Array<string | number | null>);
  const documents = Array.from({ length: 180 }, (_, i) => {
    const w = pick(WORDS);
    return [
      i + 1,
      `${w[0]!.toUpperCase()}${w.slice(1)} ${2024 + Math.floor(i / 90)}-${String((i % 12) + 1).padStart(2, '0')}`,
      day(base, i * 3),
      i % 7 === 0 ? null : 1 + Math.floor(rnd() * TAGS.length),
    ] as Array<string | number | null>;
  });
  return {
    roles: ['postgres', 'nextcloud', 'paperless'],
    databases: [
      {
        name: 'nextcloud',
        owner: 'nextcloud',
        tables: [
          {
            name: 'oc_users',
            columns: [
              { name: 'uid', type: 'character varying(64)', notNull: true },
              { name: 'displayname', type: 'character varying(64)' },
            ],
            primaryKey: 'uid',
            rows: users,
          },
          {
            name: 'oc_filecache',
            columns: [
              { name: 'fileid', type: 'bigint', notNull: true },
              { name: 'path', type: 'character varying(4000)' },
              { name: 'size', type: 'bigint', notNull: true },
            ],
            primaryKey: 'fileid',
            rows: files,
          },
        ],
      },
      {
        name: 'paperless',
        owner: 'paperless',
        tables: [
          {
            name: 'documents_tag',
            columns: [
              { name: 'id', type: 'integer', notNull: true },
              { name: 'name', type: 'character varying(128)', notNull: true },
            ],
            primaryKey: 'id',
            rows: tags,
          },
          {
            name: 'documents_document',
            columns: [
              { name: 'id', type: 'integer', notNull: true },
              { name: 'title', type: 'character varying(128)', notNull: true },
              { name: 'created', type: 'date', notNull: true },
              { name: 'tag_id', type: 'integer' },
            ],
            primaryKey: 'id',
            rows: documents,
          },
        ],
      },
    ],
  };
}

/** COPY's text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const ident = (s: string) => (/^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

const SETTINGS = [
  'SET statement_timeout = 0;',
  'SET lock_timeout = 0;',
  'SET idle_in_transaction_session_timeout = 0;',
  "SET client_encoding = 'UTF8';",
  'SET standard_conforming_strings = on;',
  "SELECT pg_catalog.set_config('search_path', '', false);",
  'SET check_function_bodies = false;',
  'SET xmloption = content;',
  'SET client_min_messages = warning;',
  'SET row_security = off;',
];

function databaseDump(db: SimDatabase, version: string): string[] {
  const out = ['--', '-- PostgreSQL database dump', '--', '', `-- Dumped from database version ${version}`, `-- Dumped by pg_dump version ${version}`, ''];
  out.push(...SETTINGS, '');
  out.push('--', `-- Name: ${db.name}; Type: DATABASE; Schema: -; Owner: ${db.owner}`, '--', '');
  out.push(`CREATE DATABASE ${ident(db.name)} WITH TEMPLATE = template0 ENCODING = 'UTF8';`, '', '');
  out.push(`ALTER DATABASE ${ident(db.name)} OWNER TO ${ident(db.owner)};`, '', `\\connect ${ident(db.name)}`, '');
  out.push(...SETTINGS, '');
  for (const t of db.tables) {
    out.push('--', `-- Name: ${t.name}; Type: TABLE; Schema: public; Owner: ${db.owner}`, '--', '');
    out.push(`CREATE TABLE public.${ident(t.name)} (`);
    out.push(t.columns.map((c) => `    ${ident(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`).join(',\n'));
    out.push(');', '', '', `ALTER TABLE public.${ident(t.name)} OWNER TO ${ident(db.owner)};`, '');
  }
  for (const t of db.tables) {
    out.push('--', `-- Data for Name: ${t.name}; Type: TABLE DATA; Schema: public; Owner: ${db.owner}`, '--', '');
    out.push(`COPY public.${ident(t.name)} (${t.columns.map((c) => ident(c.name)).join(', ')}) FROM stdin;`);
    for (const r of t.rows) out.push(r.map(copyValue).join('\t'));
    out.push('\\.', '', '');
  }
  for (const t of db.tables) {
    out.push('--', `-- Name: ${t.name} ${t.name}_pkey; Type: CONSTRAINT; Schema: public; Owner: ${db.owner}`, '--', '');
    out.push(`ALTER TABLE ONLY public.${ident(t.name)}`, `    ADD CONSTRAINT ${ident(`${t.name}_pkey`)} PRIMARY KEY (${ident(t.primaryKey)});`, '', '');
  }
  out.push('--', '-- PostgreSQL database dump complete', '--', '');
  return out;
}

/**
 * The cluster as pg_dumpall writes it: the banner, the roles, each database (CREATE DATABASE,
 * \connect, its tables, every row as COPY data, the keys), and the "cluster dump complete" footer.
 * Plain SQL that `psql -f` restores into an empty server.
 */
export function pgDumpall(cluster: SimPgCluster, version: string): string {
  const out = ['--', '-- PostgreSQL database cluster dump', '--', '', 'SET default_transaction_read_only = off;', '', "SET client_encoding = 'UTF8';"];
  out.push('SET standard_conforming_strings = on;', '', '--', '-- Roles', '--', '');
  for (const r of cluster.roles) {
    out.push(`CREATE ROLE ${ident(r)};`);
    out.push(
      r === 'postgres'
        ? `ALTER ROLE ${ident(r)} WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;`
        : `ALTER ROLE ${ident(r)} WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;`,
    );
  }
  out.push('', '', '--', '-- Databases', '--', '');
  for (const db of cluster.databases) out.push('--', `-- Database "${db.name}" dump`, '--', '', ...databaseDump(db, version));
  out.push('--', '-- PostgreSQL database cluster dump complete', '--', '');
  return `${out.join('\n')}\n`;
}

/** Rows per table of one database, as `schema.table|n` lines (what the console's exact count query prints). */
export function rowCountLines(cluster: SimPgCluster, database: string): string[] | null {
  const db = cluster.databases.find((d) => d.name === database);
  if (!db && database !== 'postgres') return null;
  return (db?.tables ?? []).map((t) => `public.${t.name}|${t.rows.length}`).sort();
}
