import { renderStatus, renderStatusMarker } from '../document-fields.js';
import { replaceLineText } from '../lines.js';
import { analyseCached } from '../parse.js';
import { detectTimestampStyle, formatTimestamp, type Stamp } from '../timestamp.js';
import type { BodyEdit, EditResult, OverallStatus } from '../types.js';
import { applied, conflict } from './result.js';
import { stampSpec, withSpec } from './spec.js';

/** Sets Overall Status in the body's own notation (`🔴 RED` → `🟢 GREEN`, `:yellow_circle: YELLOW`, `GREEN`, `⚪`). */
export function setOverallStatus(status: OverallStatus): BodyEdit {
  return withSpec(
    {
      description: `set Overall Status to ${status}`,
      apply(body: string): EditResult {
        const a = analyseCached(body);
        const spot = a.status;
        const line = spot ? a.lines[spot.line] : undefined;
        if (!spot || !line) return conflict('missing', 'the body has no Overall Status field');
        const t = line.text;
        let text = t.slice(0, spot.start) + renderStatus(status, spot.value) + t.slice(spot.end);
        if (spot.prefix) {
          const marker = renderStatusMarker(status, t.slice(spot.prefix.start, spot.prefix.end));
          text = text.slice(0, spot.prefix.start) + marker + text.slice(spot.prefix.end);
        }
        return applied(body, replaceLineText(body, line, text));
      },
      isApplied(body: string): boolean {
        return analyseCached(body).document.overallStatus === status;
      },
    },
    { op: 'status', status },
  );
}

/** Sets Last Updated to `stamp`, written the way the body already writes it (ISO with offset, `… CST`, …). */
export function setLastUpdated(stamp: Stamp): BodyEdit {
  const expected = (value: string) => formatTimestamp(stamp, detectTimestampStyle(value));
  return withSpec(
    {
      description: 'set Last Updated',
      apply(body: string): EditResult {
        const a = analyseCached(body);
        const spot = a.lastUpdated;
        const line = spot ? a.lines[spot.line] : undefined;
        if (!spot || !line) return conflict('missing', 'the body has no Last Updated field');
        const text = line.text.slice(0, spot.start) + expected(spot.value) + line.text.slice(spot.end);
        return applied(body, replaceLineText(body, line, text));
      },
      isApplied(body: string): boolean {
        const spot = analyseCached(body).lastUpdated;
        return !!spot && spot.value.trim() === expected(spot.value);
      },
    },
    { op: 'last-updated', stamp: stampSpec(stamp)! },
  );
}
