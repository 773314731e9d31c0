/**
 * The only parts of @kubernetes/client-node the console uses. Everything imports the client through
 * this module (lazily, via load-client.ts), so the bundler keeps just these and what they need:
 * the ~1,000 generated API files never load.
 */
export { Exec, HttpMethod, KubeConfig, RequestContext, Watch } from '@kubernetes/client-node';
