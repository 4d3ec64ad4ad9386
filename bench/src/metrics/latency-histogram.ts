/**
 * Latency samples in milliseconds. Runs are bounded (a few hundred thousand
 * samples at most), so keeping every sample and sorting once is exact and
 * cheaper to trust than a bucketed histogram.
 */
export class LatencyRecorder {
  #samples = new Float64Array(1024);
  #count = 0;
  #sorted = true;

  record(ms: number): void {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2);
      grown.set(this.#samples);
      this.#samples = grown;
    }
    this.#samples[this.#count++] = ms;
    this.#sorted = false;
  }

  get count(): number {
    return this.#count;
  }

  /** The q-quantile (0..1) by nearest rank; NaN when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    if (!this.#sorted) {
      this.#samples.subarray(0, this.#count).sort();
      this.#sorted = true;
    }
    const rank = Math.min(this.#count - 1, Math.max(0, Math.ceil(q * this.#count) - 1));
    return this.#samples[rank]!;
  }

  mean(): number {
    if (this.#count === 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.#count; i++) sum += this.#samples[i]!;
    return sum / this.#count;
  }

  /** p50/p99/p99.9/max in one object, as the results file stores them. */
  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.quantile(1),
    };
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}
