// Goal: the NBD client's reply completion replays QEMU 7.2's receive_mutex hand-off
// (src/sim/stream/reply-completion.ts): a request whose reply has been read completes only after
// every request queued before it on the mutex has read its own, so in-order replies complete a
// window together after its last reply; migsim's client completes each reply on arrival.
// Method: drive the policies directly with the request and reply order of a real run, and check
// the completions against what QEMU 7.2.22 did in that run (`-trace 'qemu_co_mutex_*' -trace
// 'nbd_*' -trace 'mirror_*'`, 48 MiB, buf-size 16 MiB, nbdkit delay-write 200 ms; docs/stream.md).
import { describe, expect, it } from 'vitest';
import { OnArrival, QemuReceiveMutex, type ReplyCompletionPolicy } from '../../../src/sim/stream/reply-completion.js';

interface Request {
  readonly lengthBytes: number;
  readonly name: string;
}

/** Sends and replies by name; `arrive` returns the requests completed by that reply, in order. */
function harness(make: (complete: (r: Request) => void) => ReplyCompletionPolicy<Request>) {
  const completed: string[] = [];
  const policy = make((r) => completed.push(r.name));
  const tokens = new Map<string, number>();
  const request = (name: string): Request => ({ lengthBytes: 1, name });
  return {
    send: (...names: string[]) => names.forEach((name) => tokens.set(name, policy.sent(request(name)))),
    arrive: (name: string): string[] => {
      policy.arrived(tokens.get(name) ?? -1, request(name));
      return completed.splice(0);
    },
  };
}

const qemu = () => harness((complete) => new QemuReceiveMutex<Request>(16, complete));
const window = Array.from({ length: 16 }, (_, i) => `h${416 + i}`);

describe('QEMU 7.2 reply completion (receive_mutex hand-off)', () => {
  it('completes a window of in-order replies together, in send order, after its last reply', () => {
    const client = qemu();
    client.send(...window);
    for (const name of window.slice(0, 15)) expect(client.arrive(name)).toEqual([]);
    expect(client.arrive('h431')).toEqual(window);
  });

  it('replays the completions of a real QEMU 7.2 run whose replies came out of order', () => {
    const client = qemu();
    client.send(...window);
    for (const name of ['h416', 'h417', 'h418', 'h419', 'h420', 'h421', 'h422', 'h423', 'h425']) expect(client.arrive(name)).toEqual([]);
    // Traced: nine mirror_iteration_done right after reply h424, which itself completes later.
    expect(client.arrive('h424')).toEqual(['h416', 'h417', 'h418', 'h419', 'h420', 'h421', 'h422', 'h423', 'h425']);
    // The job then sent eight requests of the next iteration before the next reply came.
    client.send('n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7');
    expect(client.arrive('h426')).toEqual([]);
    expect(client.arrive('h427')).toEqual([]);
    expect(client.arrive('h428')).toEqual([]);
    expect(client.arrive('h431')).toEqual(['h424']);
    expect(client.arrive('h429')).toEqual(['h426', 'h427', 'h428', 'h431']);
    expect(client.arrive('h430')).toEqual(['h429']);
    // Seven more requests went out; then the traced replies of the second iteration and completions.
    client.send('m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6');
    // h430 waited behind the new requests: it completed after the next reply, n0's.
    expect(client.arrive('n0')).toEqual(['h430']);
    expect(client.arrive('n1')).toEqual(['n0']);
    expect(client.arrive('n2')).toEqual(['n1', 'n2']);
    expect(client.arrive('n3')).toEqual([]);
    expect(client.arrive('n4')).toEqual(['n3', 'n4']);
    expect(client.arrive('n5')).toEqual([]);
    expect(client.arrive('n6')).toEqual(['n5', 'n6']);
    expect(client.arrive('n7')).toEqual([]);
  });

  it('gives slots lowest first, as nbd_co_send_request does, and refuses a 17th request', () => {
    const policy = new QemuReceiveMutex<Request>(2, () => undefined);
    expect(policy.sent({ lengthBytes: 1, name: 'a' })).toBe(0);
    expect(policy.sent({ lengthBytes: 1, name: 'b' })).toBe(1);
    expect(() => policy.sent({ lengthBytes: 1, name: 'c' })).toThrow(RangeError);
  });
});

describe('on-arrival reply completion (migsim\'s client)', () => {
  it('completes each request when its reply arrives', () => {
    const client = harness((complete) => new OnArrival<Request>(complete));
    client.send(...window);
    expect(client.arrive('h420')).toEqual(['h420']);
    expect(client.arrive('h416')).toEqual(['h416']);
  });
});
