/**
 * Reads the few numbers the bench needs from a Prometheus text exposition
 * (Parley's `/metrics`, served by prom-client).
 */

/** Value of an unlabelled sample (or the first labelled one) by metric name; undefined when absent. */
export function promValue(text: string, name: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (!Number.isNaN(value)) return value;
  }
  return undefined;
}
