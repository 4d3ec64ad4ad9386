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

/**
 * Every sample of a metric with one label, as label value → value: e.g. `parley_rate_limited_total` by `kind`.
 * Samples without that label are left out; an absent metric gives an empty map.
 */
export function promByLabel(text: string, name: string, label: string): Map<string, number> {
  const byLabel = new Map<string, number>();
  const pattern = new RegExp(`(?:^|[{,])${label}="((?:[^"\\\\]|\\\\.)*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labels = line.slice(name.length, line.lastIndexOf('}') + 1);
    const match = pattern.exec(labels);
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (match && !Number.isNaN(value)) byLabel.set(match[1]!, value);
  }
  return byLabel;
}
