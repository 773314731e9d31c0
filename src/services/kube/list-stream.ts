/**
 * Splits a Kubernetes list response (`{"kind":"PodList","metadata":{…},"items":[{…},{…}]}`) into its
 * items as the bytes arrive, so each item is parsed (and projected) on its own and dies young,
 * instead of a page of 2,000 pods existing at once as a 5 MB string plus ~20 MB of objects that
 * outlive the young generation. Everything except the items (kind, metadata with resourceVersion
 * and continue) comes back from `end()` as one small parsed object with `items: []`.
 *
 * It scans bytes, not characters: the only bytes it looks at ({ } [ ] , " \) are ASCII, and in
 * UTF-8 no byte of a multi-byte character is below 0x80, so a chunk may end anywhere.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** A top-level key longer than this is not "items" (keys are kept only to recognise it). */
const MAX_KEY_BYTES = 64;

export class ListSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Raw bytes of the string being read at depth 1 (a key, or a string value), if short. */
  private key: number[] | null = null;
  private lastKey: number[] | null = null;
  /** Inside the top-level "items" array: its elements are items, not part of the rest. */
  private inItems = false;
  private item: Buffer[] = [];
  private itemStart = -1;
  private rest: Buffer[] = [];
  private restStart = 0;
  // Not fatal: like the response's text(), a bad byte becomes U+FFFD rather than an error.
  private decoder = new TextDecoder();

  constructor(private readonly onItem: (item: unknown) => void) {}

  push(bytes: Uint8Array): void {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = chunk.length;
    this.restStart = this.inItems ? -1 : 0;
    if (this.itemStart !== -1) this.itemStart = 0;
    let i = 0;
    while (i < n) {
      if (this.itemStart !== -1) {
        i = this.scanItem(chunk, i);
        continue;
      }
      const b = chunk[i]!;
      if (this.inString) {
        this.stringByte(b);
      } else if (b === QUOTE) {
        if (this.inItems && this.depth === 2) throw new SyntaxError('list response: an item that is not an object');
        this.inString = true;
        this.key = this.depth === 1 ? [] : null;
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        this.depth++;
        if (this.inItems && this.depth === 3) this.itemStart = i;
        else if (this.depth === 2 && b === OPEN_ARRAY && this.isItemsKey()) {
          // Keep the '[' in the rest, drop what follows up to the matching ']'.
          this.rest.push(chunk.subarray(this.restStart, i + 1));
          this.restStart = -1;
          this.inItems = true;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth < 0) throw new SyntaxError('list response: unbalanced brackets');
        if (this.inItems && this.depth === 1) {
          this.inItems = false;
          this.restStart = i;
        }
      } else if (this.inItems && this.depth === 2 && b !== COMMA && b > 0x20) {
        // A scalar element (null, a number) where an object should be.
        throw new SyntaxError('list response: an item that is not an object');
      }
      i++;
    }
    if (this.itemStart !== -1) this.item.push(chunk.subarray(this.itemStart));
    if (this.restStart !== -1) this.rest.push(chunk.subarray(this.restStart));
  }

  /**
   * Inside an item (nearly every byte of a list): only strings and brackets matter, in a tight
   * loop on locals. Returns where it stopped: after the item's closing bracket, or the chunk's end.
   */
  private scanItem(chunk: Buffer, from: number): number {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let i = from;
    let done = false;
    while (i < n) {
      const c = chunk[i++]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth === 2) {
          done = true;
          break;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    if (done) {
      this.item.push(chunk.subarray(this.itemStart, i));
      this.itemStart = -1;
      this.emit();
    }
    return i;
  }

  /** One byte of a string outside the items (a top-level key is kept to recognise "items"). */
  private stringByte(b: number): void {
    if (this.escaped) this.escaped = false;
    else if (b === BACKSLASH) this.escaped = true;
    else if (b === QUOTE) {
      this.inString = false;
      if (this.depth === 1) this.lastKey = this.key;
      return;
    }
    if (this.key) {
      if (this.key.length < MAX_KEY_BYTES) this.key.push(b);
      else this.key = null;
    }
  }

  /** The list without its items (`items: []`), parsed. Throws when the response was cut short. */
  end(): { metadata?: { resourceVersion?: string; continue?: string }; [key: string]: unknown } {
    if (this.depth !== 0 || this.inString || this.inItems) throw new SyntaxError('list response ended early');
    // TextDecoder, like the response's text(), drops a byte order mark at the start.
    const text = this.decoder.decode(Buffer.concat(this.rest));
    this.rest = [];
    return JSON.parse(text) as ReturnType<ListSplitter['end']>;
  }

  private isItemsKey(): boolean {
    const k = this.lastKey;
    if (!k) return false;
    if (k.length === 5) return String.fromCharCode(...k) === 'items';
    // An escaped spelling ("it\u0065ms") is still "items".
    if (!k.includes(BACKSLASH)) return false;
    try {
      return JSON.parse(`"${this.decoder.decode(Uint8Array.from(k))}"`) === 'items';
    } catch {
      return false;
    }
  }

  private emit(): void {
    const parts = this.item;
    this.item = [];
    const text = parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
    this.onItem(JSON.parse(text));
  }
}
