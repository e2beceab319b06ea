// The source QEMU's NBD client connection to the destination (block/nbd.c): at most
// MAX_NBD_REQUESTS = 16 requests outstanding, further ones wait first in first out
// (`nbd_co_send_request` waits on `free_sema`). Every request carries a 28-byte header
// (NBD doc/proto.md "Request message"); WRITE carries its payload, WRITE_ZEROES and FLUSH none.
//
// Reply headers are read one at a time in arrival order, like QEMU's single reader holding
// `receive_mutex` (nbd_receive_replies): the connection keeps its replies sorted and has a world
// event only for the earliest, so the world's queue stays tiny however many requests are in
// flight. When a request then *completes* (frees its slot and calls `replied`) is the reply
// completion policy's business (reply-completion.ts): at once (migsim's client), or after
// QEMU 7.2's hand-off of `receive_mutex`. Requests are objects with a `replied` method, so issuing
// one creates no closure (a 1 TiB run issues millions). `observer` runs before each reply is
// handled (the sampler).
import type { SimWorld } from '../world.js';
import type { Link } from './link.js';
import { OnArrival, QemuReceiveMutex, type ReplyCompletionPolicy } from './reply-completion.js';
import type { ReplyCompletion } from './scenario.js';
import type { NbdServer } from './server.js';

/** block/nbd.c MAX_NBD_REQUESTS. */
export const nbdClientRequestsMax = 16;
/** NBD simple request header: magic, flags, type, cookie, offset, length. */
export const nbdRequestHeaderBytes = 28;
/** QEMU's NBD client never sends a request longer than NBD_MAX_BUFFER_SIZE (include/block/nbd.h). */
export const nbdRequestBytesMax = 32 * 1024 * 1024;

export type RequestKind = 'write' | 'write-zeroes' | 'flush';

export interface NbdRequest {
  readonly kind: RequestKind;
  /** Bytes of the disk the request covers (its length field). */
  readonly lengthBytes: number;
  /** Called when the reply reaches the client. */
  replied(): void;
}

interface PendingReply {
  readonly atNs: number;
  readonly request: NbdRequest;
  /** The completion policy's token for the request (its slot). */
  readonly token: number;
}

export class NbdConnection {
  private outstanding = 0;
  private readonly waiting: NbdRequest[] = [];
  private waitingHead = 0;
  private readonly replies: PendingReply[] = [];
  private repliesHead = 0;
  private payloadAcked = 0;
  private payloadSent = 0;
  /** Times of this connection's events in the world queue (one, or two after an overtaking reply). */
  private readonly eventTimesNs: number[] = [];
  private readonly deliver = (): void => this.deliverEarliest();
  private readonly completion: ReplyCompletionPolicy<NbdRequest>;
  observer: () => void = () => undefined;

  constructor(private readonly world: SimWorld, private readonly link: Link, private readonly server: NbdServer,
    replyCompletion: ReplyCompletion = 'qemu-7.2', private readonly requestsMax = nbdClientRequestsMax) {
    const complete = (request: NbdRequest): void => this.complete(request);
    this.completion = replyCompletion === 'qemu-7.2' ? new QemuReceiveMutex(requestsMax, complete) : new OnArrival(complete);
  }

  /** WRITE payload bytes the server has acknowledged so far. */
  get payloadBytesAcked(): number {
    return this.payloadAcked;
  }

  /** WRITE payload bytes put on the connection so far (acknowledged or not). */
  get payloadBytesSent(): number {
    return this.payloadSent;
  }

  submit(request: NbdRequest): void {
    if (this.outstanding < this.requestsMax) this.start(request);
    else this.waiting.push(request);
  }

  private start(request: NbdRequest): void {
    this.outstanding += 1;
    const payloadBytes = request.kind === 'write' ? request.lengthBytes : 0;
    this.payloadSent += payloadBytes;
    const arrivalNs = this.link.send(nbdRequestHeaderBytes + payloadBytes);
    // A flush of nbdkit's memory plugin (and of the delay filter) is free; service time is write work.
    const servedNs = request.kind === 'flush' ? arrivalNs : this.server.serve(arrivalNs);
    const token = this.completion.sent(request);
    this.insertReply({ atNs: servedNs + this.link.oneWayNs, request, token });
    this.ensureEvent();
  }

  /** Makes sure a world event fires no later than the earliest reply. */
  private ensureEvent(): void {
    const head = this.replies[this.repliesHead];
    if (head === undefined || this.eventTimesNs.some((t) => t <= head.atNs)) return;
    this.eventTimesNs.push(head.atNs);
    this.world.at(head.atNs, 'nbd-reply', this.deliver);
  }

  /** Keeps replies sorted by time (ties in submission order); nearly always an append. */
  private insertReply(reply: PendingReply): void {
    let index = this.replies.length;
    while (index > this.repliesHead && (this.replies[index - 1]?.atNs ?? 0) > reply.atNs) index -= 1;
    if (index === this.replies.length) this.replies.push(reply);
    else this.replies.splice(index, 0, reply);
  }

  private deliverEarliest(): void {
    this.eventTimesNs.splice(this.eventTimesNs.indexOf(this.world.nowNs), 1);
    const reply = this.replies[this.repliesHead];
    // An event scheduled for a reply that an earlier one overtook finds nothing due yet.
    if (reply === undefined || reply.atNs > this.world.nowNs) return this.ensureEvent();
    this.observer();
    this.repliesHead += 1;
    if (this.repliesHead > 1024 && this.repliesHead * 2 > this.replies.length) {
      this.replies.splice(0, this.repliesHead);
      this.repliesHead = 0;
    }
    if (reply.request.kind === 'write') this.payloadAcked += reply.request.lengthBytes;
    this.completion.arrived(reply.token, reply.request);
    this.ensureEvent();
  }

  /** The request is done with the connection: its slot goes to the next waiting request (free_sema). */
  private complete(request: NbdRequest): void {
    this.outstanding -= 1;
    this.startWaiting();
    request.replied();
  }

  private startWaiting(): void {
    const next = this.waiting[this.waitingHead];
    if (next === undefined) return;
    this.waitingHead += 1;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    this.start(next);
  }
}
