/** Query-string parameters that may carry a credential: their values never reach the log. */
const SECRET_PARAMS = /^(token|access_token|accesstoken|auth|authorization|resumekey|resume_key|signature|password|key)$/i;

/**
 * The URL with the values of credential-like query parameters replaced by `[redacted]`: a client that puts a
 * token in a URL (some do, for downloads) must not leave it in the access log.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const params = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && SECRET_PARAMS.test(name) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    });
  return `${url.slice(0, mark)}?${params.join('&')}`;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
