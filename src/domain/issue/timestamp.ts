/** A moment and the time zone the operator writes it in (IANA name; UTC when absent or unknown). */
export interface Stamp {
  at: Date;
  timeZone?: string;
}

/** The ways real bodies write Last Updated. */
export type TimestampStyle =
  | 'iso-offset' // 2026-01-31T13:03:31-06:00
  | 'iso-offset-minutes' // 2026-01-31T13:03-06:00
  | 'iso-utc' // 2026-03-07T22:43:00Z
  | 'date-time' // 2026-02-13 09:10
  | 'date-time-zone'; // 2026-01-30 19:15 CST

export function detectTimestampStyle(value: string): TimestampStyle {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(v)) return 'iso-utc';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$/.test(v)) return 'iso-offset';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(v)) return 'iso-offset-minutes';
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(v)) return 'date-time';
  return 'date-time-zone';
}

interface ZonedParts {
  date: string;
  time: string;
  seconds: string;
  /** `CST`, `UTC`, `GMT+1`. */
  abbreviation: string;
  /** `-06:00`, `+00:00`. */
  offset: string;
}

function formatter(timeZone: string, zoneName: 'short' | 'longOffset'): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: zoneName,
  });
}

/** True when Intl knows the zone name. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone, 'short');
    return true;
  } catch {
    return false;
  }
}

function zoned(stamp: Stamp): ZonedParts {
  const zone = stamp.timeZone && isValidTimeZone(stamp.timeZone) ? stamp.timeZone : 'UTC';
  const at = Number.isNaN(stamp.at.getTime()) ? new Date(0) : stamp.at;
  const parts = Object.fromEntries(
    formatter(zone, 'short')
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const long = formatter(zone, 'longOffset')
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = long && long.length > 3 ? long.slice(3) : '+00:00';
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: String(parts.second),
    abbreviation: String(parts.timeZoneName ?? 'UTC'),
    offset,
  };
}

export function formatTimestamp(stamp: Stamp, style: TimestampStyle): string {
  if (style === 'iso-utc') {
    const at = Number.isNaN(stamp.at.getTime()) ? new Date(0) : stamp.at;
    return `${at.toISOString().slice(0, 19)}Z`;
  }
  const p = zoned(stamp);
  switch (style) {
    case 'iso-offset':
      return `${p.date}T${p.time}:${p.seconds}${p.offset}`;
    case 'iso-offset-minutes':
      return `${p.date}T${p.time}${p.offset}`;
    case 'date-time':
      return `${p.date} ${p.time}`;
    case 'date-time-zone':
      return `${p.date} ${p.time} ${p.abbreviation}`;
  }
}

/** `completed 2026-11-26 14:30 CST — outcome`, the note the workflow appends to a ticked item. */
export function completionNoteText(stamp: Stamp, outcome?: string): string {
  const when = formatTimestamp(stamp, 'date-time-zone');
  // Emphasis-paren pairs inside the outcome would end the note early when it is read back.
  const o = outcome?.replace(/\s+/g, ' ').split('*(').join('(').split(')*').join(')').split('_(').join('(').split(')_').join(')').trim();
  return o ? `completed ${when} — ${o}` : `completed ${when}`;
}

/** Keeps an outcome from ending the note early when it is read back (emphasis-paren pairs), on one line. */
function noteText(outcome?: string): string {
  return outcome?.replace(/\s+/g, ' ').split('*(').join('(').split(')*').join(')').split('_(').join('(').split(')_').join(')').trim() ?? '';
}

/** `deferred 2026-11-26 — reason`: the workflow's "explicitly deferred", dated by day. */
export function deferredNoteText(stamp: Stamp, reason?: string): string {
  const day = formatTimestamp(stamp, 'date-time').slice(0, 10);
  const o = noteText(reason);
  return o ? `deferred ${day} — ${o}` : `deferred ${day}`;
}

/** `rolled back 2026-11-26 14:30 CST — reason`: an undone item, open to run again. */
export function rolledBackNoteText(stamp: Stamp, reason?: string): string {
  const when = formatTimestamp(stamp, 'date-time-zone');
  const o = noteText(reason);
  return o ? `rolled back ${when} — ${o}` : `rolled back ${when}`;
}
