import { describeError, KubeApiError, KubeCredentialError } from '../kube/errors.js';
import type { KubeTarget } from '../kube/kubeconfig.js';

/** One doctor line naming the real cause of a failed Kubernetes request, and its fix. */
export interface KubeCause {
  name: string;
  detail: string;
  fix: string;
}

/** OpenSSL's words for an untrusted or mismatched server certificate. */
const X509 =
  /self[- ]signed|unable to (get|verify) (local )?issuer|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_UNTRUSTED|certificate|ERR_TLS_CERT_ALTNAME_INVALID|x509/i;

/**
 * What a failure means, the way an operator fixes it: the exec plugin (missing, failing), the
 * credentials (401), RBAC (403), the CA (x509), or the network path — once, not per resource.
 */
export function kubeCause(err: unknown, target: KubeTarget): KubeCause {
  const where = `${target.server} (context ${target.context})`;
  const user = target.kc.getCurrentUser()?.name ?? '(none)';
  const cluster = target.kc.getCurrentCluster()?.name ?? '(none)';
  if (err instanceof KubeCredentialError) return { name: 'kube credentials', detail: err.message, fix: err.fix };
  if (err instanceof KubeApiError && err.status === 401)
    return {
      name: 'kube credentials',
      detail: `${where}: 401 Unauthorized: the API server does not accept the credentials of kubeconfig user '${user}'`,
      fix: `renew that user's token or client certificate (kubectl config view --minify shows which it is)`,
    };
  if (err instanceof KubeApiError && err.status === 403)
    return {
      name: 'kube RBAC',
      detail: `${where}: 403 Forbidden for kubeconfig user '${user}': ${err.message.replace(/^[A-Z]+ \S+: 403( Forbidden)?: /, '')}`,
      fix: 'bind the user to a role with the verbs the console needs (kubectl auth can-i VERB RESOURCE checks one), or use a context that has them',
    };
  const said = describeError(err);
  if (X509.test(said))
    return {
      name: 'kube tls',
      detail: `${where}: the server's certificate is not trusted: ${said.replace(/^cannot reach the Kubernetes API at \S+: /, '')}`,
      fix: `set certificate-authority(-data) of cluster '${cluster}' in the kubeconfig to the CA that signed the API server's certificate`,
    };
  return { name: 'kube api', detail: `${where}: ${said}`, fix: 'check the network path to the API server and the kubeconfig server address' };
}
