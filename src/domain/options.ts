/**
 * Options merged over defaults, where an option given as `undefined` keeps the default.
 *
 * `{ ...defaults, ...options }` lets `{ syncTimeoutMs: undefined }` (a caller forwarding an unset
 * config value) erase the default: the live console once waited "up to NaN s", unbounded. Every
 * options-with-defaults merge goes through here instead of a bare spread.
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): WithDefaults<D, O> {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) out[key] = value;
  }
  return out as WithDefaults<D, O>;
}

/** A defaulted key is never `undefined`; the other options keep their own types. */
export type WithDefaults<D, O> = Omit<O, keyof D> & { [K in keyof D]: K extends keyof O ? Exclude<O[K], undefined> | D[K] : D[K] };
