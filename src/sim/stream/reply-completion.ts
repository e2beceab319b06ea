// When a request of the NBD client completes after its reply has arrived.
//
// migsim's own client (src/io/nbd/client.ts) completes a request as soon as its reply is read:
// `OnArrival`. QEMU 7.2's client (block/nbd.c as changed for 7.1 by "nbd: take receive_mutex when
// reading requests[].receiving") does not, and `QemuReceiveMutex` replays why, step by step:
//
// - After sending, a request's coroutine enters nbd_receive_replies, which holds `receive_mutex`
//   (a CoMutex: waiters queue in order and an unlock hands the mutex straight to the oldest,
//   util/qemu-coroutine-lock.c qemu_co_mutex_unlock → pop_waiter → qemu_co_mutex_wake). With no
//   reply header current (`s->reply.handle == 0`) the holder reads the next header from the socket,
//   blocking *while holding the mutex*. A header of its own: it returns. Someone else's: it wakes
//   that request if it is parked (`receiving`), parks itself and unlocks. A current header that is
//   not its own: it parks and unlocks.
// - Having read its reply, the request (nbd_co_receive_one_chunk) sets `s->reply.handle = 0`
//   outside the mutex, then takes `receive_mutex` again to wake one parked request
//   (nbd_recv_coroutines_wake, lowest slot first). The mutex has just been handed to the oldest
//   waiter, which, seeing no current header, becomes the reader and blocks on the socket: the
//   request that has its reply queues behind every request that waited before it.
// - Only then does it complete (in_flight--, free_sema; then mirror_write_complete →
//   mirror_iteration_done frees its slot and buffer).
//
// So with replies in order, a window of requests completes together right after its *last*
// reply, and the mirror issues the next window only then: a window costs RTT + W/B, the additive
// form of docs/evidence.md F, where the mirror code alone (mirror_wait_for_free_in_flight_slot)
// would overlap windows. Seen on QEMU 7.2.22 with `-trace 'qemu_co_mutex_*' -trace 'nbd_*'`: a finished
// request queues on the mutex (lock_entry) right after its reply, and the window's completions
// (mirror_iteration_done) come together within 0.3 ms after a later reply, never one by one as
// replies arrive (docs/stream.md; test/sim/stream/reply-completion.test.ts replays that run).
// Current QEMU (block/nbd.c @0024528a) clears the handle inside the mutex, where the hand-off
// chain passes through instead; this models the measured 7.2.
//
// Everything here happens at one instant of simulated time; the order of the coroutines follows
// QEMU's (a woken coroutine runs after the one that woke it yields, first woken first).
import { IntQueue } from './int-queue.js';

/** What the connection needs to know about a request here. */
export interface CompletableRequest {
  readonly lengthBytes: number;
}

export interface ReplyCompletionPolicy<R extends CompletableRequest> {
  /** The request has been sent; returns the token to pass to `arrived`. */
  sent(request: R): number;
  /** Its reply header reached the client. */
  arrived(token: number, request: R): void;
}

/** migsim's client: a reply completes its request at once. */
export class OnArrival<R extends CompletableRequest> implements ReplyCompletionPolicy<R> {
  constructor(private readonly complete: (request: R) => void) {}

  sent(): number {
    return -1;
  }

  arrived(_token: number, request: R): void {
    this.complete(request);
  }
}

const none = -1;
/** Steps a coroutine is woken for (packed with its slot as slot·4 + step). */
const lockReceive = 0;
const holdReceive = 1;
const holdFinish = 2;
const resumeRead = 3;
/** What a coroutine waiting on the mutex will do with it (packed as slot·2 + mode). */
const modeReceive = 0;
const modeFinish = 1;

export class QemuReceiveMutex<R extends CompletableRequest> implements ReplyCompletionPolicy<R> {
  /** requests[] of block/nbd.c: the request in each slot, or null. */
  private readonly slots: (R | null)[];
  private readonly receiving: boolean[];
  private readonly mutexWaiters: IntQueue;
  private readonly runnable: IntQueue;
  /** Reply headers on the socket not read yet, by slot. */
  private readonly unread: IntQueue;
  private holder = none;
  private holderReading = false;
  /** s->reply.handle: the slot whose header was read and not yet cleared. */
  private current = none;
  private draining = false;
  private occupied = 0;

  constructor(slotCount: number, private readonly complete: (request: R) => void) {
    this.slots = new Array<R | null>(slotCount).fill(null);
    this.receiving = new Array<boolean>(slotCount).fill(false);
    this.mutexWaiters = new IntQueue(slotCount);
    this.runnable = new IntQueue(2 * slotCount + 4);
    this.unread = new IntQueue(slotCount);
  }

  /** nbd_co_send_request takes the first free slot; the coroutine then waits for its reply. */
  sent(request: R): number {
    const slot = this.slots.indexOf(null);
    if (slot < 0) throw new RangeError('more requests outstanding than NBD client slots');
    this.slots[slot] = request;
    this.occupied += 1;
    this.runnable.push(slot * 4 + lockReceive);
    this.drain();
    return slot;
  }

  arrived(token: number): void {
    this.unread.push(token);
    if (this.holderReading) {
      this.holderReading = false;
      this.runnable.push(this.holder * 4 + resumeRead);
    }
    this.drain();
  }

  /** Runs woken coroutines until all of them wait again (one instant of simulated time). */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.runnable.shift(); next !== none; next = this.runnable.shift()) {
        const slot = next >> 2;
        const step = next & 3;
        if (step === lockReceive) this.lock(slot, modeReceive);
        else if (step === holdReceive) this.receive(slot);
        else if (step === holdFinish) this.finish(slot);
        else this.read(slot);
      }
    } finally {
      this.draining = false;
    }
    // Someone must always be reading while requests wait for replies, or the model has a bug.
    if (this.holder === none && this.occupied > 0) throw new Error('NBD reply hand-off stalled');
  }

  /** qemu_co_mutex_lock: take a free mutex, or queue behind the waiters. */
  private lock(slot: number, mode: number): void {
    if (this.holder !== none) return this.mutexWaiters.push(slot * 2 + mode);
    this.holder = slot;
    if (mode === modeReceive) this.receive(slot);
    else this.finish(slot);
  }

  /** qemu_co_mutex_unlock: hand the mutex to the oldest waiter, which runs once woken. */
  private unlock(): void {
    const waiter = this.mutexWaiters.shift();
    this.holder = waiter === none ? none : waiter >> 1;
    if (waiter !== none) this.runnable.push((waiter >> 1) * 4 + ((waiter & 1) === modeFinish ? holdFinish : holdReceive));
  }

  /** One pass of nbd_receive_replies' loop, holding the mutex. */
  private receive(slot: number): void {
    if (this.current === slot) return this.ownReply(slot);
    if (this.current !== none) return this.park(slot);
    if (this.unread.size === 0) {
      this.holderReading = true; // blocked in nbd_receive_reply, still holding the mutex
      return;
    }
    this.read(slot);
  }

  /** nbd_receive_reply returned a header; wake its owner if parked (nbd_recv_coroutine_wake_one). */
  private read(slot: number): void {
    this.current = this.unread.shift();
    if (this.current === slot) return this.ownReply(slot);
    this.wake(this.current);
    this.park(slot);
  }

  private park(slot: number): void {
    this.receiving[slot] = true;
    this.unlock();
  }

  private wake(slot: number): void {
    if (!this.receiving[slot]) return;
    this.receiving[slot] = false;
    this.runnable.push(slot * 4 + lockReceive);
  }

  /** Return from nbd_receive_replies (unlock), clear the handle, then queue for the mutex again. */
  private ownReply(slot: number): void {
    this.unlock();
    this.current = none;
    this.lock(slot, modeFinish);
  }

  /** nbd_recv_coroutines_wake (lowest parked slot), unlock, then the request completes. */
  private finish(slot: number): void {
    const parked = this.receiving.indexOf(true);
    if (parked >= 0) this.wake(parked);
    this.unlock();
    const request = this.slots[slot] ?? null;
    this.slots[slot] = null;
    if (request === null) return;
    this.occupied -= 1;
    this.complete(request);
  }
}
