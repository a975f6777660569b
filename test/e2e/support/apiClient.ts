/**
 * Calls `serve` from the test process the way a client would (token header, own Origin), to check
 * on the server what the UI claims, and raw requests for the refusal tests.
 */
import { request } from 'node:http';

/** A raw HTTP answer. */
interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request with exactly the given headers (Node does not add Origin or Sec-Fetch-*). */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls a channel with the token and this server's Origin; returns the envelope's value or throws. */
export async function callChannel<T>(origin: string, token: string, channel: string, payload: unknown): Promise<T> {
  const answer = await rawRequest(`${origin}/api/${channel}`, 'POST', { 'content-type': 'application/json', 'x-deid-token': token, origin }, JSON.stringify(payload));
  const envelope = JSON.parse(answer.body) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value;
}
