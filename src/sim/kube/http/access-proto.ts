/**
 * kubectl's typed clients (auth can-i among them) send protobuf, not JSON. The simulator reads
 * just enough of it to answer a SelfSubjectAccessReview: the `k8s\0` envelope (runtime.Unknown:
 * 2 = raw), the review (2 = spec), its spec (1 = resourceAttributes, 2 = nonResourceAttributes)
 * and the attributes' strings (k8s.io/api/authorization/v1 generated.proto). It answers in JSON,
 * which kubectl's Accept header also takes.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Buffer>;

function varint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('truncated varint');
}

/** The length-delimited fields of one message by number (the last one wins, as protobuf says). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = varint(buf, at);
    at = next;
    const wire = tag & 7;
    if (wire === 0) at = varint(buf, at)[1];
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const [len, start] = varint(buf, at);
      out.set(Math.floor(tag / 8), buf.subarray(start, start + len));
      at = start + len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const RESOURCE_FIELDS = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;

/** The review's spec as JSON would carry it, or null when `body` is not a protobuf envelope. */
export function reviewSpecFromProtobuf(body: Buffer): Record<string, unknown> | null {
  if (!body.subarray(0, 4).equals(MAGIC)) return null;
  const raw = fields(body.subarray(4)).get(2);
  const spec = raw && fields(raw).get(2);
  if (!spec) return {};
  const specFields = fields(spec);
  const ra = specFields.get(1);
  if (ra) {
    const f = fields(ra);
    const attrs: Record<string, string> = {};
    RESOURCE_FIELDS.forEach((name, i) => {
      const v = f.get(i + 1);
      if (v) attrs[name] = v.toString('utf8');
    });
    return { resourceAttributes: attrs };
  }
  return specFields.has(2) ? { nonResourceAttributes: {} } : {};
}
