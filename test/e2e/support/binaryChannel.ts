/** Calls a binary channel of `serve` (frames) from the test process, as the renderer's transport does. */

/** A binary answer: the JSON fields from the meta header, and the body. */
interface BinaryAnswer<T> {
  meta: T;
  body: ArrayBuffer;
}

/** POSTs `payload` to `/api/<channel>`; throws with the envelope's error when the answer is not binary. */
export async function callBinaryChannel<T>(origin: string, token: string, channel: string, payload: unknown): Promise<BinaryAnswer<T>> {
  const res = await fetch(`${origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-deid-token': token, origin },
    body: JSON.stringify(payload),
  });
  const meta = res.headers.get('x-deid-meta');
  if (meta === null) {
    const envelope = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
    throw new Error(`${channel}: ${envelope.error?.code ?? res.status} ${envelope.error?.message ?? ''}`);
  }
  return { meta: JSON.parse(decodeURIComponent(meta)) as T, body: await res.arrayBuffer() };
}
