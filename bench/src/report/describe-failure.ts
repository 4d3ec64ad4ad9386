/**
 * A failed round's error with its causes: undici's "fetch failed" says nothing of its own, and its `cause` (ECONNRESET,
 * a TLS error, a refused connection…) is what tells the next reader why.
 */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const part = e instanceof Error ? `${e.message}${(e as { code?: unknown }).code ? ` (${String((e as { code?: unknown }).code)})` : ''}` : String(e);
    parts.push(part);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}
