import type { CiState } from './types.js';

/**
 * Gitea's combined status. Zero statuses also report `pending`, so `total_count` 0 means "no CI",
 * and a `warning` context already turns the combined state to failure.
 */
export function ciStateFromCombined(status: { state?: string | null; total_count?: number | null } | null): CiState {
  if (!status) return 'unknown';
  if (status.total_count === 0) return 'none';
  switch (status.state) {
    case 'success':
    case 'skipped':
      return 'success';
    case 'pending':
      return 'pending';
    case 'failure':
    case 'warning':
      return 'failure';
    case 'error':
      return 'error';
    default:
      return 'unknown';
  }
}
