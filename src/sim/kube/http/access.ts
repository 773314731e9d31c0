import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, forbidden } from '../errors.js';
import type { Json } from '../types.js';
import { reviewSpecFromProtobuf } from './access-proto.js';
import { parseJsonBody, sendJson } from './respond.js';

/**
 * The simulator's RBAC, as deny rules over an otherwise allowed user: a test config denies the
 * verbs it wants refused. The same policy answers SelfSubjectAccessReviews (`kubectl auth can-i`,
 * doctor) and refuses the real requests with 403, so what the review says is what happens.
 */
export interface AccessRule {
  /** `get`, `list`, `watch`, `create`, `patch`, `update`, `delete`, or `*`. */
  verb: string;
  /** Plural, optionally with a subresource: `pods`, `pods/exec`, `deployments/scale`, or `*`. */
  resource: string;
  /** API group (`''` core, `apps`, `argoproj.io`); absent: any group. */
  group?: string;
  /** Absent: every namespace (and cluster-wide requests). Given: that namespace and all-namespace requests that include it. */
  namespace?: string;
}

/** What one request (or one review) asks to do. */
export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

export const SIM_USER = 'system:serviceaccount:default:homelab-console';
export const ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

export class AccessPolicy {
  private rules: Array<AccessRule & { id: number }> = [];
  private next = 1;

  constructor(
    rules: readonly AccessRule[] = [],
    readonly user = SIM_USER,
  ) {
    for (const r of rules) this.deny(r);
  }

  /** Denies what `rule` names from now on; the returned function lifts it again. */
  deny(rule: AccessRule): () => void {
    const id = this.next++;
    this.rules.push({ ...rule, id });
    return () => {
      this.rules = this.rules.filter((r) => r.id !== id);
    };
  }

  allows(a: AccessAttributes): boolean {
    return !this.rules.some((r) => covers(r, a));
  }

  /** Throws the apiserver's 403 when the request is denied. */
  enforce(a: AccessAttributes): void {
    if (this.allows(a)) return;
    throw forbidden(this.user, a.verb, a.subresource ? `${a.resource}/${a.subresource}` : a.resource, a.group, a.namespace);
  }
}

function covers(r: AccessRule, a: AccessAttributes): boolean {
  const [plural, sub = ''] = r.resource.split('/');
  if (r.verb !== '*' && r.verb !== a.verb) return false;
  if (plural !== '*' && plural !== a.resource) return false;
  // RBAC names a subresource separately: `pods` does not cover `pods/exec`.
  if (plural !== '*' && sub !== (a.subresource ?? '')) return false;
  if (r.group !== undefined && r.group !== a.group) return false;
  return r.namespace === undefined || a.namespace === undefined || a.namespace === '' || r.namespace === a.namespace;
}

type ReviewSpec = { resourceAttributes?: Partial<AccessAttributes> & { name?: string }; nonResourceAttributes?: { path?: string; verb?: string } };
interface ReviewBody {
  spec?: ReviewSpec;
}

/** POST …/selfsubjectaccessreviews: the policy's answer for the attributes asked, as the apiserver returns it. */
export async function serveAccessReview(policy: AccessPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const spec =
    (/protobuf/.test(req.headers['content-type'] ?? '') ? (reviewSpecFromProtobuf(bytes) as ReviewSpec | null) : null) ??
    (parseJsonBody(bytes.toString('utf8')) as ReviewBody).spec ??
    {};
  const ra = spec.resourceAttributes;
  let allowed: boolean;
  if (ra) {
    if (!ra.verb) throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.verb: Required value');
    allowed = policy.allows({ verb: ra.verb, group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource, namespace: ra.namespace });
  } else if (spec.nonResourceAttributes) {
    allowed = true;
  } else {
    throw badRequest(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  sendJson(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: spec as Json,
    // RBAC gives no reason for a denial (it only allows), so neither does the simulator.
    status: allowed ? { allowed: true, reason: `allowed by the simulator's access policy for ${policy.user}` } : { allowed: false },
  });
}
