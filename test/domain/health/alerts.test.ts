import { describe, expect, it } from 'vitest';
import { alertOffender, projectAlert, projectAlerts } from '../../../src/domain/health/alerts.js';

const raw = (
  labels: Record<string, string>,
  status: Record<string, unknown> = { state: 'active', silencedBy: [], inhibitedBy: [] },
  annotations: Record<string, string> = {},
) => ({
  labels,
  annotations,
  status,
  startsAt: '2026-12-01T10:00:00Z',
  fingerprint: 'abc',
});

describe('Alertmanager alerts', () => {
  it('critical is RED, warning YELLOW, info and none never grade', () => {
    const grade = (severity: string) => alertOffender(projectAlert(raw({ alertname: 'X', severity }))!)?.status ?? null;
    expect(grade('critical')).toBe('RED');
    expect(grade('warning')).toBe('YELLOW');
    expect(grade('info')).toBeNull();
    expect(grade('none')).toBeNull();
  });

  it('silenced, inhibited or suppressed alerts do not count', () => {
    for (const status of [
      { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] },
      { state: 'active', silencedBy: [], inhibitedBy: ['fp'] },
      { state: 'suppressed', silencedBy: [], inhibitedBy: [] },
    ]) {
      expect(alertOffender(projectAlert(raw({ alertname: 'X', severity: 'critical' }, status))!)).toBeNull();
    }
  });

  it('keeps the summary, runbook URL and namespace; a malformed answer is an error, an alert without a name is dropped', () => {
    const a = projectAlert(
      raw({ alertname: 'CertExpiring', severity: 'warning', namespace: 'web' }, undefined, { summary: 'expires in 5 days', runbook_url: 'https://r/x' }),
    )!;
    expect(a).toMatchObject({ name: 'CertExpiring', namespace: 'web', summary: 'expires in 5 days', runbookUrl: 'https://r/x' });
    expect(alertOffender(a)).toEqual({ kind: 'Alert', namespace: 'web', name: 'CertExpiring', status: 'YELLOW', reason: 'warning: expires in 5 days' });
    expect(projectAlerts([{ labels: {} }, raw({ alertname: 'Y' })]).map((x) => x.name)).toEqual(['Y']);
    expect(() => projectAlerts({ status: 'error' })).toThrow(/not a list of alerts/);
  });
});
