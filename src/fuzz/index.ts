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
