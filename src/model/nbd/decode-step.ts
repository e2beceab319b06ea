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
