import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, statusBody } from '../errors.js';
import type { Json } from '../types.js';

export function sendJson(res: ServerResponse, code: number, body: Json | string, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ApiError) sendJson(res, err.code, err.toStatus());
  else sendJson(res, 500, statusBody(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`));
}

const MAX_BODY = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): unknown {
  if (!text.trim()) throw badRequest('the body of the request was empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${'object'}): couldn't get version/kind; json parse error: ${(err as Error).message}`,
    );
  }
}
