import { KubeInputError } from './errors.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function objectName(value: string, what = 'name'): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new KubeInputError(`${what} '${String(value)}' is not a valid Kubernetes name`);
  }
  return value;
}

export function namespaceName(value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new KubeInputError(`namespace '${String(value)}' is not a valid Kubernetes namespace`);
  }
  return value;
}

export function wholeNumber(value: number, what: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new KubeInputError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

export function timeout(value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new KubeInputError(`timeout must be positive, got ${v}`);
  return v;
}
