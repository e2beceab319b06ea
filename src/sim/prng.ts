// A seeded pseudo-random generator (xoshiro128**) in 32-bit integer arithmetic only, so that
// a seed gives the same numbers on every machine and Node version. Each subsystem draws from
// its own stream derived from the root seed and the stream's name, so adding a draw in one
// place does not reshuffle the others (TigerBeetle's per-subsystem seeds).

/** splitmix32: spreads a 32-bit state into well-mixed words for seeding. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a over the UTF-16 code units of a string. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [next, word] = splitmix32(state);
      state = next;
      words.push(word);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max] (inclusive), without modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) throw new RangeError(`bad range ${min}..${max}`);
    const span = max - min + 1;
    if (span <= 0x1_0000_0000) {
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % span);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return min + (x % span);
      }
    }
    // Wider ranges: 53 random bits (21 from one draw, 32 from another), then rejection.
    const range53 = 2 ** 53;
    const limit = range53 - (range53 % span);
    for (;;) {
      const x = (this.nextUint32() >>> 11) * 0x1_0000_0000 + this.nextUint32();
      if (x < limit) return min + (x % span);
    }
  }

  /** True with probability numerator/denominator (rational, so no float rounding enters). */
  chance(numerator: number, denominator: number): boolean {
    return this.int(0, denominator - 1) < numerator;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The seed of a named stream under a root seed. */
export function streamSeed(rootSeed: number, stream: string): number {
  return hashString(stream, hashString(String(rootSeed >>> 0) + ':' + String(Math.floor(rootSeed / 0x1_0000_0000))));
}

/** Seeds and hands out one independent generator per named stream. */
export class PrngStreams {
  private readonly streams = new Map<string, Prng>();

  constructor(readonly seed: number) {}

  get(stream: string): Prng {
    let prng = this.streams.get(stream);
    if (!prng) {
      prng = new Prng(streamSeed(this.seed, stream));
      this.streams.set(stream, prng);
    }
    return prng;
  }
}

/** Parses a seed as people give it: a decimal number or a git commit hash (its first 13 hex digits). */
export function parseSeed(text: string): number | null {
  // Decimal up to 2^53 - 1: every seed migsim prints (a commit hash's is up to 16 digits) reads back.
  if (/^\d{1,16}$/.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER) return Number(text);
  if (/^[0-9a-f]{7,40}$/i.test(text)) return Number.parseInt(text.slice(0, 13), 16);
  return null;
}
