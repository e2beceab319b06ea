// Goal: a cookie that declares ISO-8859-1 is read as libvirt reads it: libxml2 decodes the
// bytes as Latin-1 and the cookie is accepted (the real 9.0 pair's Perform accepted such a
// Prepare cookie: corpus/real/fuzz/iso-8859-1-declaration.json, found by `real fuzz --seed 1`).
// Method: the exact bytes the real receiver got, parsed by the reference codec in the receiver's
// context; a non-ASCII Latin-1 byte; and an encoding libxml2 needs iconv for, still refused.
import { describe, expect, it } from 'vitest';
import { parseCookie } from '../../../src/model/cookie/index.js';
import { bytesOf, type RealCaseFile } from '../../../src/real/fuzz/case-file.js';
import { readProjectFile } from '../../support/corpus.js';

const file = JSON.parse(readProjectFile('corpus/real/fuzz/iso-8859-1-declaration.json')) as RealCaseFile;
const context = { phase: 'perform' as const, libvirt: '9.0.0', domain: { name: 'migtest', uuid: '3f1c2a4b-5d6e-4f70-8a91-0b1c2d3e4f50' }, localHostUuid: '5a1e0c3d-7b2f-4e6a-9c81-0a0000000001' };
const encoder = new TextEncoder();

describe('a cookie declaring ISO-8859-1 (libvirt 9.0, real evidence)', () => {
  it('the real receiver accepted the bytes, and so does the reference codec', () => {
    expect(file.real.judgement.real).toEqual({ kind: 'accepted' });
    const delivered = bytesOf(file.real.deliveredBase64);
    expect(new TextDecoder().decode(delivered.subarray(0, 43))).toBe('<?xml version="1.0" encoding="ISO-8859-1"?>');
    const result = parseCookie(delivered, context);
    expect(result.ok ? result.cookie.nbd?.port : result.errors).toBe(49153);
  });

  it('decodes a Latin-1 byte as its code point, not as broken UTF-8', () => {
    const head = encoder.encode("<?xml version='1.0' encoding='iso-8859-1'?><qemu-migration><name>migtest</name><uuid>3f1c2a4b-5d6e-4f70-8a91-0b1c2d3e4f50</uuid><hostname>h");
    const tail = encoder.encode('</hostname><hostuuid>5a1e0c3d-7b2f-4e6a-9c81-0b0000000002</hostuuid></qemu-migration>');
    const bytes = new Uint8Array([...head, 0xe9, ...tail]);
    const result = parseCookie(bytes, context);
    expect(result.ok ? result.cookie.hostname : result.errors).toBe('h\u00e9');
  });

  it('still refuses an encoding the reader cannot honour', () => {
    const result = parseCookie("<?xml version='1.0' encoding='EBCDIC-US'?><qemu-migration/>", context);
    expect(result.ok ? 'accepted' : result.errors[0]?.message).toMatch(/Unsupported encoding EBCDIC-US/);
  });
});
