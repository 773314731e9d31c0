import { ApiError, badRequest } from './errors.js';

type J = unknown;
type Obj = Record<string, J>;

const isObj = (v: J): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The list merge keys of the built-in types the console and kubectl patch (containers by name, conditions by
 * type, …); other lists are replaced as in a merge patch.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  ownerReferences: 'uid',
  imagePullSecrets: 'name',
  tolerations: 'key',
  hostAliases: 'ip',
};

/** Strategic merge patch for built-in kinds: merge patch plus keyed list merges and `$patch` directives. */
export function strategicMergePatch(target: J, patch: J, field = ''): J {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v) && MERGE_KEYS[k] && Array.isArray(out[k])) {
      out[k] = mergeList(out[k] as J[], v, MERGE_KEYS[k]!);
    } else if (isObj(v)) {
      const merged = strategicMergePatch(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = structuredClone(v);
    }
  }
  void field;
  return out;
}

function mergeList(base: J[], patch: J[], key: string): J[] {
  const out = [...base];
  for (const item of patch) {
    if (!isObj(item) || !(key in item)) {
      out.push(structuredClone(item));
      continue;
    }
    const idx = out.findIndex((b) => isObj(b) && b[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMergePatch(out[idx], item);
    } else {
      out.push(strategicMergePatch({}, item));
    }
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: J;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: J, segs: string[], path: string): { parent: Obj | J[]; last: string } {
  let cur: J = doc;
  for (const s of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) cur = cur[s];
    else cur = undefined;
    if (cur === undefined) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: "${path}"`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new ApiError(422, 'Invalid', `doc is missing path: "${path}"`);
  return { parent: cur, last: segs[segs.length - 1]! };
}

function getAt(doc: J, path: string): J {
  let cur: J = doc;
  for (const s of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObj(cur)) cur = cur[s];
    else return undefined;
  }
  return cur;
}

/** RFC 6902 JSON patch (the default content type of @kubernetes/client-node patch calls). */
export function jsonPatch(doc: J, ops: J): J {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let out = structuredClone(doc);
  for (const raw of ops as JsonPatchOp[]) {
    const segs = pointer(raw.path);
    if (raw.op === 'test') {
      if (JSON.stringify(getAt(out, raw.path)) !== JSON.stringify(raw.value))
        throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${raw.path} failed`);
      continue;
    }
    if (segs.length === 0) {
      if (raw.op === 'add' || raw.op === 'replace') out = structuredClone(raw.value);
      continue;
    }
    const value = raw.op === 'copy' || raw.op === 'move' ? structuredClone(getAt(out, raw.from ?? '')) : structuredClone(raw.value);
    if (raw.op === 'move') jsonPatch(out, [{ op: 'remove', path: raw.from }]);
    const { parent, last } = parentOf(out, segs, raw.path);
    switch (raw.op) {
      case 'add':
      case 'copy':
      case 'move':
        if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
        else parent[last] = value;
        break;
      case 'replace':
        if (Array.isArray(parent)) parent[Number(last)] = value;
        else {
          if (!(last in parent))
            throw new ApiError(
              422,
              'Invalid',
              `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${raw.path}`,
            );
          parent[last] = value;
        }
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else {
          if (!(last in parent))
            throw new ApiError(
              422,
              'Invalid',
              `the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: "${raw.path}"`,
            );
          delete parent[last];
        }
        break;
      default:
        throw badRequest(`unexpected op: ${raw.op}`);
    }
  }
  return out;
}
