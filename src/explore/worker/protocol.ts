// What the page asks of its simulation worker and what comes back. Everything crosses as
// structured-clone data: plain objects, arrays, maps and sets, no functions (a cookie edit
// travels as an edit, and the worker builds the interceptor itself).
import type { DesignerPolicy } from '../../model/policy.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { MirrorResult } from '../../sim/stream/index.js';
import type { MatrixRequest, MatrixTable } from '../matrix-model.js';
import type { RunState } from '../simulate.js';
import type { StreamSettings } from '../state.js';

export type Job =
  | { readonly kind: 'run'; readonly state: RunState; readonly policy: DesignerPolicy | null }
  | { readonly kind: 'stream'; readonly settings: StreamSettings }
  | { readonly kind: 'matrix'; readonly request: MatrixRequest };

export type RunReply = { readonly ok: true; readonly result: HandshakeResult } | { readonly ok: false; readonly problems: readonly string[] };

export type StreamReply =
  | { readonly ok: true; readonly result: MirrorResult; readonly chart: string }
  | { readonly ok: false; readonly message: string };

export interface Replies {
  readonly run: RunReply;
  readonly stream: StreamReply;
  readonly matrix: MatrixTable | null;
}

export interface ToWorker {
  readonly id: number;
  readonly job: Job;
}

export type FromWorker =
  | { readonly id: number; readonly kind: 'progress'; readonly fraction: number }
  | { readonly id: number; readonly kind: 'done'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };
