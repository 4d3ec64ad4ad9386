/**
 * A deterministic support-chat corpus for the search benchmark: a vocabulary whose words are drawn with a
 * Zipf-like law (a few very common words, a long tail of rare ones), so the searches can ask for common,
 * middling and rare words as real support history has them. Same seed, same corpus, in both stores.
 */

/** A small seeded PRNG (mulberry32): the corpus is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'son', 'vel', 'ra', 'ne', 'dor', 'pa', 'qui', 'zu', 'bex', 'fen', 'gal', 'hop', 'jun', 'tri'];

/** `size` distinct words, rank 0 the most common. Real words first, then made-up ones for the long tail. */
export function vocabulary(size: number): string[] {
  const real = [
    'order', 'parcel', 'refund', 'delivery', 'account', 'password', 'invoice', 'payment', 'broken', 'shipping',
    'address', 'cancel', 'subscription', 'login', 'error', 'discount', 'return', 'warranty', 'tracking', 'receipt',
  ];
  const words = new Set(real);
  const random = prng(7);
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words].slice(0, size);
}

/** Message bodies: 6–30 words, each drawn by rank with probability ∝ 1/(rank+1). */
export class Corpus {
  readonly words: string[];
  readonly #cumulative: number[];
  readonly #random: () => number;

  constructor(vocabularySize = 5000, seed = 42) {
    this.words = vocabulary(vocabularySize);
    let total = 0;
    this.#cumulative = this.words.map((_, rank) => (total += 1 / (rank + 1)));
    this.#random = prng(seed);
  }

  body(): string {
    const n = 6 + Math.floor(this.#random() * 25);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.#word());
    return out.join(' ');
  }

  #word(): string {
    const target = this.#random() * this.#cumulative.at(-1)!;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo]!;
  }
}

/** What the benchmark searches for: each kind a list of word lists (the last word is matched as a prefix). */
export function searchSet(corpus: Corpus): Record<string, string[][]> {
  const w = corpus.words;
  return {
    'common word': [[w[0]!], [w[1]!], [w[3]!], [w[5]!]],
    'middling word': [[w[150]!], [w[300]!], [w[600]!], [w[900]!]],
    'rare word': [[w[3000]!], [w[4000]!], [w[4500]!], [w[4990]!]],
    'two words': [[w[0]!, w[200]!], [w[2]!, w[700]!], [w[50]!, w[1200]!], [w[8]!, w[9]!]],
    'prefix (as typed)': [[w[400]!.slice(0, 3)], [w[1000]!.slice(0, 4)], [w[0]!.slice(0, 2)], [w[2500]!.slice(0, 5)]],
  };
}
