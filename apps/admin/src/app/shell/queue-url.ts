/**
 * Whether a console URL shows the queue: the queue itself (`/`) and a conversation opened from it
 * (`/queries/:id`), not the management pages. The nav marks the Queue link current by this, since
 * routerLinkActive on `/` would match every page (`aria-current="page"` twice; issue 11).
 */
export function isQueueUrl(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0]!;
  return path === '/' || path === '' || path === '/queries' || path.startsWith('/queries/');
}
