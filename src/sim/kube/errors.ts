import type { Json } from './types.js';

/** An error the apiserver answers with a `Status` body (404 NotFound, 409 Conflict, 410 Expired, …). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Json,
  ) {
    super(message);
  }

  toStatus(): Json {
    return statusBody(this.code, this.reason, this.message, this.details);
  }
}

export function statusBody(code: number, reason: string, message: string, details?: Json): Json {
  const body: Json = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return body;
}

/** `pods "x" not found` / `deployments.apps "x" not found` (the resource is plural.group). */
export function notFound(resource: string, group: string, name: string): ApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  const kindDetails: Json = { name, kind: resource };
  if (group) kindDetails.group = group;
  return new ApiError(404, 'NotFound', `${qualified} "${name}" not found`, kindDetails);
}

export function alreadyExists(resource: string, group: string, name: string): ApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  const d: Json = { name, kind: resource };
  if (group) d.group = group;
  return new ApiError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, d);
}

export function conflict(resource: string, group: string, name: string): ApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  const d: Json = { name, kind: resource };
  if (group) d.group = group;
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    d,
  );
}

export function invalid(kind: string, group: string, name: string, field: string, value: unknown, why: string): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  const d: Json = {
    name,
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${why}`, field }],
  };
  if (group) d.group = group;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${field}: Invalid value: ${shown}: ${why}`, d);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function forbidden(user: string, verb: string, resource: string, group: string, namespace?: string): ApiError {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return new ApiError(
    403,
    'Forbidden',
    `${resource}${group ? '.' + group : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
    { kind: resource, ...(group ? { group } : {}) },
  );
}
