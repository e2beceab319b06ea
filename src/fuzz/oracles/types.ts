// What an oracle reports: a failure (what a correct peer must not do), or the verdict of a whole
// case (its failures, and the known findings real libvirt shows, each with the function responsible).
import type { KnownFinding } from './known.js';

export interface OracleFailure {
  readonly oracle: string;
  readonly message: string;
  /** What it is about (`target:nbd-server`, `disk:vda`, ...), for comparing two runs finding by finding. */
  readonly resource?: string;
}

export interface Judgement {
  readonly failures: OracleFailure[];
  readonly known: KnownFinding[];
}
