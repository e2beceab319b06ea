// NBD over real sockets: migsim's server and client, built on the pure codec in src/model/nbd.
export { nbdUri, describeAddress, tcpAddress, unixAddress, loopbackHost, type NbdAddress } from './address.js';
export type { ExportBackend, BackendResult } from './export-backend.js';
export { MemoryExport } from './memory-export.js';
export { FileExport } from './file-export.js';
export { startNbdServer, exportDefinition, type NbdServer, type NbdServerOptions, type ServedExport } from './server.js';
export type { CommandDelaysMs } from './server-connection.js';
export type { NbdServerStats } from './server-stats.js';
export { connectNbd, NbdClient, type ConnectOptions, type ConnectOutcome, type RequestOutcome } from './client.js';
export { listExports, type ListOutcome } from './list.js';
export { bufferSource, openFileSource, type MirrorSource } from './mirror-source.js';
export { mirrorToNbd, type MirrorOptions, type MirrorOutcome, type MirrorReport } from './mirror.js';
