// A stable 64-bit hash (two FNV-1a lanes) for golden trace hashes: pure integer arithmetic, so
// the same trace hashes the same on every machine and Node version.
import { hashString } from './prng.js';

export function stableHash(text: string): string {
  const low = hashString(text, 0x811c9dc5);
  const high = hashString(text, 0x050c5d1f ^ low);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
