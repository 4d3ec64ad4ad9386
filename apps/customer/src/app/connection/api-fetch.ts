/**
 * Request header that makes Angular's service worker leave a request alone.
 * Without it ngsw proxies every API call: offline it answers with its own
 * "504 Gateway Timeout" instead of failing the fetch, and while it controls
 * the page browsers report no XHR upload progress (w3c/ServiceWorker#1141).
 * See https://angular.dev/ecosystem/service-workers/devops#bypassing-the-service-worker
 */
export const NGSW_BYPASS_HEADER = 'ngsw-bypass';

/**
 * `fetch` for the API: the same call with the service worker bypassed, so a
 * network failure reaches the SDK as a failure (and maps to `unavailable`).
 * Given to the SDK, the sign-in helpers and attachment downloads.
 */
export function createApiFetch(base: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(NGSW_BYPASS_HEADER, 'true');
    return base(input, { ...init, headers });
  };
}
