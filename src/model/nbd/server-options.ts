// The server's answer to each option during the handshake (doc/proto.md "Option types").
// Pure: given the configuration, what has been negotiated so far and one option, it returns the
// replies to send and the next state. Unknown options get NBD_REP_ERR_UNSUP without losing
// sync, which is what makes the negotiation "fixed" newstyle.
import { decodeString, encodeString } from './bytes.js';
import { baseAllocationContext, info, option, reply } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import { transmissionFlagsOf, type ExportDefinition } from './export-definition.js';
import { encodeExportNameReply } from './handshake.js';
import type { NbdLimits } from './limits.js';
import { encodeInfoItem, encodeMetaContextEntry, encodeServerEntry, type InfoItem, type MetaContextEntry } from './option-replies.js';
import { decodeInfoRequest, decodeMetaContextRequest, encodeOptionReply, optionName } from './options.js';

export interface ServerConfig {
  readonly exports: readonly ExportDefinition[];
  readonly limits: NbdLimits;
  readonly handshakeFlags: number;
  /** Whether NBD_OPT_STRUCTURED_REPLY is accepted. */
  readonly structuredReplies: boolean;
  /** Whether NBD_OPT_LIST is answered (else NBD_REP_ERR_POLICY). */
  readonly listAllowed: boolean;
}

export interface OptionState {
  readonly noZeroes: boolean;
  readonly structuredReplies: boolean;
  readonly metaContexts: { readonly exportName: string; readonly contexts: readonly MetaContextEntry[] } | null;
}

export type OptionOutcome =
  | { readonly kind: 'continue'; readonly replies: readonly Uint8Array[]; readonly state: OptionState }
  | { readonly kind: 'transmission'; readonly replies: readonly Uint8Array[]; readonly state: OptionState; readonly definition: ExportDefinition }
  | { readonly kind: 'abort'; readonly replies: readonly Uint8Array[] }
  | { readonly kind: 'drop'; readonly error: NbdError };

/** The only context migsim serves; its id is arbitrary (ids are opaque, doc/proto.md "Metadata querying"). */
const allocationContext: MetaContextEntry = { id: 1, name: baseAllocationContext };

export function handleOption(config: ServerConfig, state: OptionState, code: number, data: Uint8Array): OptionOutcome {
  const stay = (...replies: Uint8Array[]): OptionOutcome => ({ kind: 'continue', replies, state });
  const error = (type: number, message: string): OptionOutcome => stay(encodeOptionReply(code, type, encodeString(message)));
  switch (code) {
    case option.exportName:
      return exportName(config, state, data);
    case option.abort:
      // "The server SHOULD ignore any data" and acknowledge (doc/proto.md "NBD_OPT_ABORT").
      return { kind: 'abort', replies: [encodeOptionReply(code, reply.ack)] };
    case option.list:
      if (data.length !== 0) return error(reply.errInvalid, 'NBD_OPT_LIST takes no data');
      if (!config.listAllowed) return error(reply.errPolicy, 'listing exports is not allowed');
      return stay(...config.exports.map((e) => encodeOptionReply(code, reply.server, encodeServerEntry({ name: e.name, description: e.description }))),
        encodeOptionReply(code, reply.ack));
    case option.startTls:
      // A NOTLS server answers ERR_POLICY or ERR_UNSUP, never ERR_TLS_REQD (doc/proto.md "NOTLS mode").
      return error(reply.errPolicy, 'TLS not configured');
    case option.info:
    case option.go:
      return infoOrGo(config, state, code, data);
    case option.structuredReply:
      if (data.length !== 0) return error(reply.errInvalid, 'NBD_OPT_STRUCTURED_REPLY takes no data');
      if (!config.structuredReplies) return error(reply.errUnsup, 'structured replies are disabled');
      if (state.structuredReplies) return error(reply.errInvalid, 'structured replies already negotiated');
      return { kind: 'continue', replies: [encodeOptionReply(code, reply.ack)], state: { ...state, structuredReplies: true } };
    case option.listMetaContext:
    case option.setMetaContext:
      return metaContext(config, state, code, data);
    default:
      return error(reply.errUnsup, `unsupported option ${optionName(code)}`);
  }
}

function findExport(config: ServerConfig, name: string): ExportDefinition | undefined {
  return config.exports.find((e) => e.name === name);
}

/** NBD_OPT_EXPORT_NAME has no error reply: refusing it means disconnecting. */
function exportName(config: ServerConfig, state: OptionState, data: Uint8Array): OptionOutcome {
  const name = decodeString(data, config.limits.stringBytesMax);
  if (!name.ok) return { kind: 'drop', error: nbdError('malformed-option', `EXPORT_NAME: ${name.error.message}`) };
  const definition = findExport(config, name.text);
  if (!definition) return { kind: 'drop', error: nbdError('export-refused', `export ${JSON.stringify(name.text)} refused: no such export`) };
  const summary = { sizeBytes: definition.sizeBytes, transmissionFlags: transmissionFlagsOf(definition, state.structuredReplies) };
  return { kind: 'transmission', replies: [encodeExportNameReply(summary, state.noZeroes)], state: keepContextsFor(state, name.text), definition };
}

function keepContextsFor(state: OptionState, name: string): OptionState {
  return state.metaContexts && state.metaContexts.exportName !== name ? { ...state, metaContexts: null } : state;
}

function infoOrGo(config: ServerConfig, state: OptionState, code: number, data: Uint8Array): OptionOutcome {
  const request = decodeInfoRequest(data, config.limits);
  const stay = (...replies: Uint8Array[]): OptionOutcome => ({ kind: 'continue', replies, state });
  if (!request.ok) return stay(encodeOptionReply(code, reply.errInvalid, encodeString(request.error.message)));
  const definition = findExport(config, request.value.exportName);
  if (!definition) return stay(encodeOptionReply(code, reply.errUnknown, encodeString('no such export')));
  const items: InfoItem[] = [];
  for (const type of new Set(request.value.infoTypes)) {
    if (type === info.name) items.push({ type: 'name', name: definition.name });
    if (type === info.description && definition.description !== '') items.push({ type: 'description', text: definition.description });
    if (type === info.blockSize) items.push({ type: 'block-size', ...definition.blockSize });
  }
  // NBD_INFO_EXPORT is mandatory on success; it goes last, as qemu-nbd sends it.
  items.push({ type: 'export', sizeBytes: definition.sizeBytes, transmissionFlags: transmissionFlagsOf(definition, state.structuredReplies) });
  const replies = [...items.map((item) => encodeOptionReply(code, reply.info, encodeInfoItem(item))), encodeOptionReply(code, reply.ack)];
  if (code === option.info) return { kind: 'continue', replies, state };
  return { kind: 'transmission', replies, state: keepContextsFor(state, definition.name), definition };
}

function metaContext(config: ServerConfig, state: OptionState, code: number, data: Uint8Array): OptionOutcome {
  const stay = (...replies: Uint8Array[]): OptionOutcome => ({ kind: 'continue', replies, state });
  const error = (type: number, message: string): OptionOutcome => stay(encodeOptionReply(code, type, encodeString(message)));
  // SET_META_CONTEXT needs structured replies first (doc/proto.md "NBD_OPT_SET_META_CONTEXT").
  if (code === option.setMetaContext && !state.structuredReplies) return error(reply.errInvalid, 'structured replies not negotiated');
  const request = decodeMetaContextRequest(data, config.limits);
  if (!request.ok) return error(reply.errInvalid, request.error.message);
  const definition = findExport(config, request.value.exportName);
  if (!definition) return error(reply.errUnknown, 'no such export');
  const matched = matchContexts(definition, request.value.queries, code === option.listMetaContext);
  const replies = [...matched.map((entry) => encodeOptionReply(code, reply.metaContext, encodeMetaContextEntry(entry))), encodeOptionReply(code, reply.ack)];
  if (code === option.listMetaContext) return stay(...replies);
  return { kind: 'continue', replies, state: { ...state, metaContexts: { exportName: definition.name, contexts: matched } } };
}

/** LIST with no query lists everything, and "base:" names the whole namespace; SET needs exact names. */
function matchContexts(definition: ExportDefinition, queries: readonly string[], listing: boolean): MetaContextEntry[] {
  if (!definition.canBlockStatus) return [];
  if (listing && queries.length === 0) return [allocationContext];
  const hit = queries.some((q) => q === allocationContext.name || (listing && q === 'base:'));
  return hit ? [allocationContext] : [];
}
