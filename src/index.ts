// migsim as a library: the cookie codec, libvirt and QEMU profiles, the handshake simulator and
// its matrix, the NBD stream model, and (from 'migsim/fuzz') the fuzzing toolkit.
export * from './model/cookie/index.js';
export { parseVersion, formatVersion, compareVersions, type Version } from './model/version.js';
export { parseSideSpec, profileFromJson, buildProfile, type SideProfile } from './model/versions/profile.js';
export { libvirtBehaviourAt, type LibvirtBehaviour } from './model/versions/libvirt.js';
export { qemuCapabilities, qemuCapabilitiesAt, type QemuCapability } from './model/versions/qemu.js';
export { libvirtPolicy, strictPolicy, parsePolicySpec, policyFromJson, type DesignerPolicy } from './model/policy.js';
export { libvirtSourcePeer, libvirtTargetPeer, type SourcePeer, type TargetPeer } from './model/migration/peer.js';
export type * from './model/migration/types.js';
export { simulateHandshake, type HandshakeResult, type HandshakeOutcome } from './sim/handshake/run.js';
export { buildScenario, type Scenario, type ScenarioOptions, type CookieInterceptor } from './sim/handshake/scenario.js';
export { mirrorCopy, legacyCopy, mirrorScenarioFor, legacyScenarioFor, type StorageCopy } from './sim/handshake/storage-copy.js';
export { runMatrix, diffMatrix, reviewCase, type MatrixRow, type MatrixOptions } from './sim/matrix.js';
export { simulateMirror, simulateLegacyBlockMigration, type MirrorScenario, type MirrorResult } from './sim/stream/index.js';
export { traceText, handshakeJson, handshakeMermaid } from './render/handshake.js';
