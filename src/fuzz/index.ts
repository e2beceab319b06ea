// migsim's fuzzing toolkit: arbitraries and mutators to build your own fast-check properties,
// the oracles, the campaign runner, and the peer plug-in interface.
export { cookieArbitrary, versionedCookieArbitrary, cookieEraVersions, cookieEraArbitrary, uuidArbitrary } from './arbitraries/cookie.js';
export { profileArbitrary, profileSpecArbitrary, profileFromSpec, fuzzLibvirtReleases, fuzzQemuReleases } from './arbitraries/profile.js';
export { handshakeCaseArbitrary, scenarioForCase, faultFree, type HandshakeCase, type PeerOverride } from './arbitraries/handshake-case.js';
export { cookieCaseArbitrary, type CookieCase, type CookieBase, type CookieMutation } from './arbitraries/cookie-case.js';
export {
  cookieFaultArbitrary, faultScheduleArbitrary, interceptorFor, noFaults, faultKinds, type CookieFault, type FaultSchedule, type FaultKind,
} from './arbitraries/faults.js';
export { byteEditArbitrary, byteEditsArbitrary, applyByteEdit, applyByteEdits, cookieDictionary, type ByteEdit } from './mutators/bytes.js';
export {
  structureEditArbitrary, structureEditsArbitrary, applyStructureEdits, mutableFromXml, serializeElement, type StructureEdit, type MutableElement,
} from './mutators/structure.js';
export { judgeHandshake, receiverContext, type Judgement, type OracleFailure } from './oracles/handshake.js';
export { judgeCookie } from './oracles/cookie.js';
export { predict, type Prediction } from './oracles/decision-table.js';
export type { KnownFinding } from './oracles/known.js';
export { runTargetCampaign, type CampaignOptions, type TargetCampaign, type CampaignFailure, type KnownSummary } from './campaign/runner.js';
export { Coverage } from './campaign/coverage.js';
export { toCaseJson, fromCaseJson, type CaseFile } from './campaign/case-file.js';
export { cookieTarget, handshakeTarget, type FuzzTarget, type TargetOptions } from './targets.js';
export { applyPlugin, loadPeerPlugin, type PeerPlugin } from './plugin.js';

// Everything a peer plug-in needs, so that a plug-in imports only 'migsim/fuzz' (never a file of
// migsim's own tree, whose layout may change): the cookie codec, the phase types and libvirt's
// own peers to wrap, the helpers libvirt's phases use, versions and policies.
export * from '../model/cookie/index.js';
export { readXml, type XmlReadResult, type XmlLimits } from '../model/xml/reader.js';
export { parseVersion, formatVersion, compareVersions, type Version } from '../model/version.js';
export { libvirtPolicy, strictPolicy, parsePolicySpec, type DesignerPolicy } from '../model/policy.js';
export { libvirtSourcePeer, libvirtTargetPeer, sourcePerformFailed, type SourcePeer, type TargetPeer } from '../model/migration/peer.js';
export type { SourceState } from '../model/migration/begin.js';
export type { TargetState } from '../model/migration/prepare.js';
export { phaseError } from '../model/migration/errors.js';
export { effectKinds } from '../model/migration/types.js';
export type * from '../model/migration/types.js';
