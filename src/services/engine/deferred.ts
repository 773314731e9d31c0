import type { ActionResult, EngineCapabilities, PlanResult } from '../../domain/console-engine.js';
import type { ConsoleEngine } from '../../store/index.js';
import type { Stores } from '../../store/index.js';
import { pushMessage } from '../../store/session-store.js';
import { errorLine as oneLine } from '../../domain/redact.js';

const STARTING = 'still starting; try again in a moment';

/** The engine's actions: members that answer with a refusal or a plan, asynchronously. */
type ActionName = {
  [K in keyof ConsoleEngine]: ConsoleEngine[K] extends (...args: never[]) => Promise<ActionResult | PlanResult> ? K : never;
}[keyof ConsoleEngine];

/** What the deferred engine answers itself, before and after the real one exists. */
type Own = 'stores' | 'capabilities' | 'start' | 'close';

/**
 * Every other member, with what it answers before the real engine exists. The compiler insists
 * that each is named here, so a new synchronous member cannot fall through to the actions' answer;
 * a new action needs nothing here (it answers "still starting" like every action).
 */
const BEFORE_START: { [K in Exclude<keyof ConsoleEngine, ActionName | Own>]: ConsoleEngine[K] } = {
  refresh: async () => undefined,
  isCurrent: () => false,
  cancelStep: () => false,
  stopMergeLoop: () => undefined,
  resumeMergeLoop: () => ({ ok: false, reason: STARTING }),
  addClosureLesson: () => ({ ok: false, reason: STARTING }),
  cancelClosure: async () => undefined,
  toggleRelated: () => undefined,
  quitGuard: () => ({ busy: false, reason: null }),
  editText: async () => ({ ok: false, reason: STARTING }),
  protocolNext: async () => ({ kind: 'none', message: STARTING }),
};

const refuseStarting = (): Promise<ActionResult> => Promise.resolve({ ok: false, reason: STARTING });

/**
 * An engine whose real session is built in `start()`, after the first frame: composing the
 * services (and, for the demo, starting the simulators) costs more than the 0.3 s a first frame may
 * take. Until then every action answers "still starting" and the panes say "waiting...". Members
 * are forwarded by a Proxy rather than by hand, so adding an action to the facade touches nothing
 * here.
 */
export function deferredEngine(stores: Stores, expected: EngineCapabilities, build: () => Promise<ConsoleEngine>): ConsoleEngine {
  let inner: ConsoleEngine | null = null;
  let closed = false;
  const own: Pick<ConsoleEngine, Own> = {
    stores,
    get capabilities() {
      return inner?.capabilities ?? expected;
    },
    async start() {
      try {
        const built = await build();
        if (closed) return void (await built.close());
        inner = built;
        await built.start();
      } catch (err) {
        pushMessage(stores.session, 'error', `could not start: ${oneLine(err)}`);
        throw err;
      }
    },
    async close() {
      closed = true;
      await inner?.close();
    },
  };
  return new Proxy(own as ConsoleEngine, {
    get(target, prop) {
      if (prop in own) return Reflect.get(own, prop);
      // Not a facade member (symbols, `then` when something awaits the engine): nothing.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (inner) {
        const member: unknown = Reflect.get(inner, prop);
        return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(inner) : member;
      }
      return prop in BEFORE_START ? BEFORE_START[prop as keyof typeof BEFORE_START] : refuseStarting;
    },
  });
}
