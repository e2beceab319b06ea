// Clocks for in-process campaigns. Budgets in tests are counted in cases, never in time, so the
// only reader of the clock is the cookie target's slow-parse oracle, and a test must not depend
// on how busy the machine is: a frozen clock never calls a parse slow. The oracle itself is
// tested with a clock that is stepped on purpose (test/fuzz/cookie-oracle.test.ts).
export const frozenClock = (): number => 0;

/** A clock that advances `stepMs` on every read. */
export function steppingClock(stepMs: number): () => number {
  let nowMs = 0;
  return () => (nowMs += stepMs);
}
