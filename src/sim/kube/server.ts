import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, RealClock, type Clock } from './clock.js';
import { DEFAULT_TIMING, type SimEvents, type Timing } from './controllers/context.js';
import { LogBook } from './controllers/logs.js';
import { builtinExec } from './exec-handlers.js';
import { handleApiRequest } from './http/api.js';
import type { ExecHandler, LogLine, SimBackend } from './http/backend.js';
import { ExecEndpoint } from './http/exec.js';
import { upstreamKey } from './http/service-proxy.js';
import { Counters, Faults } from './http/faults.js';
import { AccessPolicy, type AccessRule } from './http/access.js';
import { WatchHub, type Watcher } from './http/watch-hub.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ResourceRegistry, type ResourceType } from './resources.js';
import { SeedWriter } from './seed/builders.js';
import { SEED_REVISION } from './seed/catalog.js';
import { seedHomelab, type SeedVariant } from './seed/homelab.js';
import { ObjectStore } from './store.js';
import type { KubeObject, Pod } from './types.js';
import { World } from './world.js';

export interface KubeSimOptions {
  /** What the cluster holds at start: the degraded demo homelab (default), a healthy one, or nothing. */
  seed?: SeedVariant | 'empty';
  /** Pads the homelab to these totals (benchmarks: 10,000 pods, 500 Applications). */
  scale?: { pods: number; applications: number };
  host?: string;
  port?: number;
  /** `manual`: timers fire only on `step(ms)`, so tests drive the world deterministically. */
  clock?: 'real' | 'manual' | Clock;
  timing?: Partial<Timing>;
  exec?: ExecHandler;
  /** Exec subprotocols accepted, in preference order (tests pin v4 with ['v4.channel.k8s.io']). */
  execProtocols?: string[];
  /** Bearer token written to the kubeconfig (a wrong one is 401); null for none. A random one by default. */
  token?: string | null;
  /** Also reject requests that carry no token (kubectl sends none over http, so kubectl then fails). */
  requireAuth?: boolean;
  /** Verbs the kubeconfig's user may not do (RBAC as deny rules); `sim.access.deny(…)` adds more later. */
  deny?: AccessRule[];
  /** Where the kubeconfig goes (a fresh temp dir by default, removed on stop). */
  kubeconfigDir?: string;
  context?: string;
  repoURL?: string;
  /** The revision the seeded Applications are Synced at. */
  revision?: string;
  omitCrds?: string[];
  /** Seed the latent problem (see HomelabSeedOptions.latent); default: with the degraded seed. */
  latent?: boolean;
  /** Watch history kept for resumption (events); older resourceVersions answer 410. */
  historySize?: number;
  /** BOOKMARK interval for watches that allow them (0 = only on `sendBookmarks()`). */
  bookmarkIntervalMs?: number;
  randomSeed?: number;
}

/**
 * An in-process Kubernetes API server on loopback that kubectl and @kubernetes/client-node talk to as to a
 * real cluster, over a simulated homelab with controllers, fault injection and write counters.
 */
export class KubeSim implements SimBackend {
  readonly registry = new ResourceRegistry();
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly hub: WatchHub;
  readonly faults = new Faults();
  readonly access: AccessPolicy;
  readonly counters = new Counters();
  readonly world: World;
  readonly token: string | null;
  readonly requireAuth: boolean;
  readonly bookmarkIntervalMs: number;
  exec: ExecHandler;
  execProtocols?: string[];
  readonly serviceUpstreams = new Map<string, string>();
  port = 0;
  host: string;
  kubeconfigPath = '';
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly execEndpoint: ExecEndpoint;
  private bookmarkTimer: NodeJS.Timeout | null = null;
  private tmpDir: string | null = null;

  private constructor(readonly options: KubeSimOptions) {
    this.clock = options.clock === 'manual' ? new ManualClock() : options.clock && typeof options.clock === 'object' ? options.clock : new RealClock();
    this.store = new ObjectStore(this.registry, this.clock, 1000, options.historySize ?? 10_000);
    this.hub = new WatchHub(this.store);
    this.token = options.token === undefined ? randomBytes(16).toString('hex') : options.token;
    this.requireAuth = options.requireAuth ?? false;
    this.access = new AccessPolicy(options.deny ?? []);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 10_000;
    this.exec = options.exec ?? builtinExec;
    this.execProtocols = options.execProtocols;
    this.host = options.host ?? '127.0.0.1';
    const logs = new LogBook();
    const timing = { ...DEFAULT_TIMING, ...(options.timing ?? {}) };
    let crashLooping: Pod[] = [];
    if ((options.seed ?? 'degraded') !== 'empty') {
      const w = new SeedWriter(this.store, this.registry, this.clock.now(), logs, options.randomSeed ?? 42);
      seedHomelab(w, {
        variant: (options.seed ?? 'degraded') as SeedVariant,
        repoURL: options.repoURL,
        revision: options.revision,
        omitCrds: options.omitCrds,
        scale: options.scale,
        ...(options.latent !== undefined ? { latent: options.latent } : {}),
      });
      crashLooping = w.crashLooping;
    } else {
      const w = new SeedWriter(this.store, this.registry, this.clock.now(), logs);
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) w.namespace(ns, 1);
    }
    this.world = new World(this.store, this.registry, this.clock, timing, logs, options.revision ?? SEED_REVISION);
    this.world.start(crashLooping);
    // The seed and its first reconcile are not history a client could have seen.
    this.store.compact();
    this.execEndpoint = new ExecEndpoint(this);
  }

  static async start(options: KubeSimOptions = {}): Promise<KubeSim> {
    const sim = new KubeSim(options);
    await sim.listen(options.port ?? 0);
    const dir = options.kubeconfigDir ?? (sim.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'kube-sim-')));
    sim.kubeconfigPath = writeKubeconfig(dir, sim.url, { context: options.context ?? 'homelab', token: sim.token });
    if (sim.bookmarkIntervalMs > 0) {
      sim.bookmarkTimer = setInterval(() => sim.hub.sendBookmarks(), sim.bookmarkIntervalMs);
      sim.bookmarkTimer.unref();
    }
    return sim;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  private listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      void handleApiRequest(this, req, res);
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req, socket, head) => {
      void this.execEndpoint.upgrade(req, socket, head);
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        const addr = server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        this.server = server;
        resolve();
      });
    });
  }

  /** Unreachable: the listener closes and every open connection (watches included) is reset. */
  async stopListening(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.hub.drop('destroy');
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Back on the same port (clients reconnect with their kubeconfig unchanged). */
  async startListening(): Promise<void> {
    if (this.server) return;
    await this.listen(this.port);
  }

  /**
   * A Service whose port the API server's service proxy forwards to `upstream` (a real server on
   * loopback, e.g. Alertmanager): creates the Service when it is not there yet.
   */
  exposeService(o: { namespace: string; name: string; port: number; portName?: string; upstream: string }): void {
    const t = this.type('services');
    if (!this.store.get(t, o.namespace, o.name)) {
      const nsType = this.type('namespaces');
      if (!this.store.get(nsType, undefined, o.namespace)) this.store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace } });
      this.store.create(t, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: o.name, namespace: o.namespace },
        spec: { type: 'ClusterIP', ports: [{ ...(o.portName ? { name: o.portName } : {}), port: o.port, protocol: 'TCP', targetPort: o.port }] },
      });
    }
    this.serviceUpstreams.set(upstreamKey(o.namespace, o.name, o.port), o.upstream);
  }

  /** Advances the manual clock (controllers' timers fire in order). */
  step(ms: number): void {
    if (!(this.clock instanceof ManualClock)) throw new Error('step() needs clock: "manual"');
    this.clock.advance(ms);
  }

  on<K extends keyof SimEvents>(event: K, fn: (payload: SimEvents[K]) => void): () => void {
    return this.world.on(event, fn);
  }

  /** A merge on the GitOps repo: see World.repoCommit. Returns the Applications that went OutOfSync. */
  repoCommit(revision: string, changedPaths: string[]): string[] {
    return this.world.repoCommit(revision, changedPaths);
  }

  /** Cuts open watch streams: `end` closes them cleanly, `destroy` resets the connection. */
  dropWatches(opts: { mode?: 'end' | 'destroy'; resource?: string } = {}): number {
    return this.hub.drop(opts.mode ?? 'end', watcherFilter(opts.resource));
  }

  /**
   * Compacts history and ends open watches with an in-stream ERROR 410 Expired: clients must re-list.
   * Continue tokens and resourceVersions from before are now too old as well.
   */
  expireWatches(opts: { resource?: string } = {}): number {
    this.store.expireAll();
    return this.hub.expire(watcherFilter(opts.resource));
  }

  sendBookmarks(): void {
    this.hub.sendBookmarks();
  }

  get openWatches(): number {
    return this.hub.size;
  }

  /** Looks up a resource type by plural (`pods`, `deployments`, `applications`). */
  type(plural: string): ResourceType {
    const t = this.registry.all().find((x) => x.plural === plural && !x.virtual);
    if (!t) throw new Error(`unknown resource ${plural}`);
    return t;
  }

  get(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(this.type(plural), namespace, name);
  }

  list(plural: string, namespace?: string): KubeObject[] {
    return this.store.list(this.type(plural), namespace).map((e) => e.obj);
  }

  deleteObject(t: ResourceType, namespace: string | undefined, name: string, opts: Parameters<World['deleteObject']>[3]): KubeObject {
    return this.world.deleteObject(t, namespace, name, opts);
  }

  validate(t: ResourceType, next: KubeObject, old: KubeObject | undefined): void {
    this.world.validate(t, next, old);
  }

  virtualList(t: ResourceType, namespace?: string): KubeObject[] {
    return this.world.virtualList(t, namespace);
  }

  podLog(pod: Pod, container: string, previous: boolean): LogLine[] | null {
    return this.world.podLog(pod, container, previous);
  }

  onLog(fn: (podUid: string, container: string, line: LogLine) => void): () => void {
    return this.world.logs.onLine(fn);
  }

  async stop(): Promise<void> {
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    this.execEndpoint.close();
    await this.stopListening();
    this.hub.close();
    this.world.dispose();
    if (this.clock instanceof RealClock) this.clock.dispose();
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

function watcherFilter(resource: string | undefined): ((w: Watcher) => boolean) | undefined {
  return resource ? (w) => w.t.plural === resource : undefined;
}
