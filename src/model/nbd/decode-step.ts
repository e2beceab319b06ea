// The result of asking an incremental decoder for its next message. Decoders are pulled one
// message at a time so that the caller can change phase between two messages (the server
// enters transmission right after acknowledging NBD_OPT_GO, and the next bytes are requests).
import type { NbdError } from './errors.js';

export type DecodeStep<M> =
  | { readonly kind: 'message'; readonly message: M }
  | { readonly kind: 'need-more' }
  | { readonly kind: 'error'; readonly error: NbdError };

export const needMore = { kind: 'need-more' } as const;

export function decoded<M>(message: M): DecodeStep<M> {
  return { kind: 'message', message };
}

export function failed<M>(error: NbdError): DecodeStep<M> {
  return { kind: 'error', error };
}

/** An incremental decoder as the sessions drive it. */
export interface MessageSource<M> {
  push(chunk: Uint8Array): NbdError | null;
  next(): DecodeStep<M>;
}

/** What a session does with each decoded message; `done` stops the pull (a session that failed or finished reads no further). */
export interface MessageSink<M, A> {
  done(): boolean;
  handle(message: M): A[];
  fail(error: NbdError): A[];
}

/**
 * Feeds a chunk to the decoder and hands the session each complete message, one at a time, so
 * that it can change phase between two messages; a decode error ends the session after the
 * actions already produced.
 */
export function pumpMessages<M, A>(source: MessageSource<M>, chunk: Uint8Array, sink: MessageSink<M, A>): A[] {
  if (sink.done()) return [];
  const overflow = source.push(chunk);
  if (overflow) return sink.fail(overflow);
  const actions: A[] = [];
  while (!sink.done()) {
    const step = source.next();
    if (step.kind === 'need-more') break;
    if (step.kind === 'error') return [...actions, ...sink.fail(step.error)];
    actions.push(...sink.handle(step.message));
  }
  return actions;
}
