import type { LayerStatus } from '../domain/health/types.js';
import type { Severity } from '../domain/issue/types.js';

/**
 * Colours and glyphs. Status is always glyph + word, so the mono theme (and NO_COLOR) loses
 * nothing but colour. Glyphs come from code page 437, which a Linux console font and tmux render.
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
};

/** NO_COLOR (non-empty, per no-color.org) wins over the configured theme. */
export function resolveTheme(configured: 'color' | 'mono', env: NodeJS.ProcessEnv = process.env): Theme {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return MONO_THEME;
  return configured === 'mono' ? MONO_THEME : COLOR_THEME;
}

export const GLYPH = {
  ok: '√',
  warn: '▲',
  fail: '■',
  unknown: '?',
  next: '►',
  cursor: '>',
  checked: '[x]',
  unchecked: '[ ]',
  bullet: '·',
  rule: '─',
} as const;

export interface StatusLook {
  glyph: string;
  word: string;
  color: string | undefined;
}

export function layerLook(status: LayerStatus, theme: Theme): StatusLook {
  switch (status) {
    case 'GREEN':
      return { glyph: GLYPH.ok, word: 'GREEN', color: theme.ok };
    case 'YELLOW':
      return { glyph: GLYPH.warn, word: 'YELLOW', color: theme.warn };
    case 'RED':
      return { glyph: GLYPH.fail, word: 'RED', color: theme.fail };
    default:
      return { glyph: GLYPH.unknown, word: 'UNKNOWN', color: theme.unknown };
  }
}

export function severityLook(severity: Severity | null, theme: Theme): StatusLook {
  switch (severity) {
    case 'CRITICAL':
      return { glyph: '■', word: 'CRITICAL', color: theme.fail };
    case 'HIGH':
      return { glyph: '▲', word: 'HIGH', color: theme.warn };
    case 'MEDIUM':
      return { glyph: '•', word: 'MEDIUM', color: theme.accent };
    case 'LOW':
      return { glyph: '·', word: 'LOW', color: theme.muted };
    default:
      return { glyph: ' ', word: '-', color: theme.muted };
  }
}

export function cephLook(health: string, theme: Theme): StatusLook {
  if (health === 'HEALTH_OK') return { glyph: GLYPH.ok, word: 'HEALTH_OK', color: theme.ok };
  if (health === 'HEALTH_WARN') return { glyph: GLYPH.warn, word: 'HEALTH_WARN', color: theme.warn };
  if (health === 'HEALTH_ERR') return { glyph: GLYPH.fail, word: 'HEALTH_ERR', color: theme.fail };
  return { glyph: GLYPH.unknown, word: health || 'UNKNOWN', color: theme.unknown };
}
