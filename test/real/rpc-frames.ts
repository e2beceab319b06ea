// The recorded RPC frames of corpus/real/rpc, checked field by field when read.
import { readProjectFile } from '../support/corpus.js';

export interface RecordedFrame {
  readonly connection: number;
  readonly flow: 'to-target' | 'to-source';
  readonly bytes: Uint8Array;
}

export function recordedFrames(file: string): RecordedFrame[] {
  const parsed: unknown = JSON.parse(readProjectFile(`corpus/real/rpc/${file}`));
  if (typeof parsed !== 'object' || parsed === null || !('frames' in parsed) || !Array.isArray(parsed.frames)) throw new Error(`${file}: no frames`);
  return parsed.frames.map((frame: unknown, index: number) => {
    if (typeof frame !== 'object' || frame === null) throw new Error(`${file}: frame ${index} is not an object`);
    const { connection, flow, base64 } = frame as Record<string, unknown>;
    if (typeof connection !== 'number' || (flow !== 'to-target' && flow !== 'to-source') || typeof base64 !== 'string') {
      throw new Error(`${file}: frame ${index} lacks connection, flow or base64`);
    }
    return { connection, flow, bytes: new Uint8Array(Buffer.from(base64, 'base64')) };
  });
}
