import type { LayerStatus } from '../domain/health/types.js';
import type { Severity } from '../domain/issue/types.js';
import { glyphsFor, UNICODE_GLYPHS, type GlyphSet } from './glyphs.js';
import { hyperlinksFor } from './terminal-features.js';

/**
 * Colours and glyphs. Status is always glyph + word, so the mono theme (and NO_COLOR) loses
 * nothing but colour. The glyphs are the table in glyphs.ts: Unicode, or ASCII when the locale
 * is not UTF-8.
 */
export interface Theme {
  name: 'color' | 'mono';
  /** undefined = the terminal's default colour. */
  ok: string | undefined;
  warn: string | undefined;
  fail: string | undefined;
  unknown: string | undefined;
  accent: string | undefined;
  muted: string | undefined;
  danger: string | undefined;
  glyphs: GlyphSet;
  /** URLs as OSC 8 hyperlinks (terminal-features.ts decides; absent = plain text). */
  hyperlinks?: boolean;
}

export const COLOR_THEME: Theme = {
  name: 'color',
  ok: 'green',
  warn: 'yellow',
  fail: 'red',
  unknown: 'gray',
  accent: 'cyan',
  muted: 'gray',
  danger: 'redBright',
  glyphs: UNICODE_GLYPHS,
};

export const MONO_THEME: Theme = {
  name: 'mono',
  ok: undefined,
  warn: undefined,
  fail: undefined,
  unknown: undefined,
  accent: undefined,
  muted: undefined,
  danger: undefined,
  glyphs: UNICODE_GLYPHS,
};

/** NO_COLOR (non-empty, per no-color.org) wins over the configured theme; the locale picks the glyphs. */
export function resolveTheme(configured: 'color' | 'mono', env: NodeJS.ProcessEnv = process.env): Theme {
  const base = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || configured === 'mono' ? MONO_THEME : COLOR_THEME;
  return { ...base, glyphs: glyphsFor(env), hyperlinks: hyperlinksFor(env) };
}

export interface StatusLook {
  glyph: string;
  word: string;
  color: string | undefined;
}

export function layerLook(status: LayerStatus, theme: Theme): StatusLook {
  switch (status) {
    case 'GREEN':
      return { glyph: theme.glyphs.ok, word: 'GREEN', color: theme.ok };
    case 'YELLOW':
      return { glyph: theme.glyphs.warn, word: 'YELLOW', color: theme.warn };
    case 'RED':
      return { glyph: theme.glyphs.fail, word: 'RED', color: theme.fail };
    default:
      return { glyph: theme.glyphs.unknown, word: 'UNKNOWN', color: theme.unknown };
  }
}

export function severityLook(severity: Severity | null, theme: Theme): StatusLook {
  switch (severity) {
    case 'CRITICAL':
      return { glyph: theme.glyphs.critical, word: 'CRITICAL', color: theme.fail };
    case 'HIGH':
      return { glyph: theme.glyphs.high, word: 'HIGH', color: theme.warn };
    case 'MEDIUM':
      return { glyph: theme.glyphs.medium, word: 'MEDIUM', color: theme.accent };
    case 'LOW':
      return { glyph: theme.glyphs.low, word: 'LOW', color: theme.muted };
    default:
      return { glyph: ' ', word: '-', color: theme.muted };
  }
}

export function cephLook(health: string, theme: Theme): StatusLook {
  if (health === 'HEALTH_OK') return { glyph: theme.glyphs.ok, word: 'HEALTH_OK', color: theme.ok };
  if (health === 'HEALTH_WARN') return { glyph: theme.glyphs.warn, word: 'HEALTH_WARN', color: theme.warn };
  if (health === 'HEALTH_ERR') return { glyph: theme.glyphs.fail, word: 'HEALTH_ERR', color: theme.fail };
  return { glyph: theme.glyphs.unknown, word: health || 'UNKNOWN', color: theme.unknown };
}
