/**
 * The issue list's `since` and `before`, as Gitea parses and applies them (context.GetQueryBeforeSince
 * and issues_model applyConditions): each is trimmed and parsed as RFC 3339 (time.RFC3339: a 'T',
 * seconds and a zone are required, a fraction is allowed), cut to whole Unix seconds, and compared
 * with the updated_unix inclusively: `updated_unix >= since`, `updated_unix <= before`.
 * A value that does not parse is a 422 naming it; the zero time means no filter.
 */
const RFC3339 = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Go's zero time.Time (0001-01-01T00:00:00Z), which Gitea reads as "not given". */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z') / 1000;

/** Unix seconds of an RFC 3339 time, or null when Go's time.Parse(time.RFC3339, …) would refuse it. */
export function rfc3339Seconds(value: string): number | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [mo, d, h, mi, s] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

export type UpdatedWindow = { ok: true; test: (updatedAt: string) => boolean } | { ok: false; message: string };

export function updatedWindow(query: URLSearchParams): UpdatedWindow {
  const bounds: Array<number | null> = [];
  for (const name of ['before', 'since'] as const) {
    const raw = (query.get(name) ?? '').trim();
    if (!raw) {
      bounds.push(null);
      continue;
    }
    const seconds = rfc3339Seconds(raw);
    if (seconds === null) return { ok: false, message: `parsing time "${raw}" as "2006-01-02T15:04:05Z07:00": cannot parse as RFC 3339` };
    bounds.push(seconds === ZERO_TIME ? null : seconds);
  }
  const [before, since] = bounds as [number | null, number | null];
  return {
    ok: true,
    test: (updatedAt) => {
      const updated = Math.floor(Date.parse(updatedAt) / 1000);
      return (since === null || updated >= since) && (before === null || updated <= before);
    },
  };
}
