// The server side of a SPDY/3.1 connection as Kubernetes uses it: the client opens every
// stream (SYN_STREAM, odd ids) with headers that say what the stream is for; we accept each
// with an empty SYN_REPLY and hand it out as a Duplex (readable = the client's DATA,
// writable = ours, end() = DATA with FIN, destroy() = RST_STREAM). PINGs are echoed,
// GOAWAY or the transport closing ends everything.
//
// Flow control: we grant the client window back (WINDOW_UPDATE per stream and for the
// session) as our readers consume data. Kubernetes' own peer (moby/spdystream) neither sends
// WINDOW_UPDATE nor honours it, so we only hold our writes on the peer's window once the peer
// has shown it keeps one (sent a WINDOW_UPDATE or SETTINGS_INITIAL_WINDOW_SIZE); otherwise the
// only brake is the transport's own back-pressure (write() returning false → wait 'drain'),
// and reading from the transport pauses while any stream's buffer is full.
// Not implemented: server-initiated streams and server push (Kubernetes uses neither).
import { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import { FrameDecoder, FrameEncoder, GOAWAY, RST, SETTINGS_INITIAL_WINDOW_SIZE, type Frame } from './frames';
import type { SpdyHeaders } from './headerCompression';

const DEFAULT_WINDOW = 64 * 1024;
const MAX_DATA_FRAME = 32 * 1024;
/** Most concurrent streams one client may hold open (each is a small object and a buffer). */
const MAX_STREAMS = 1000;

export class SpdyStream extends Duplex {
  /** Bytes the peer may still send before we grant more; and bytes consumed but not yet granted. */
  unacked = 0;
  sendWindow: number;
  private readonly waiters: (() => void)[] = [];
  private finSent = false;
  private remoteFin = false;

  constructor(readonly id: number, readonly headers: SpdyHeaders, private readonly session: SpdySession) {
    super({ allowHalfOpen: true, highWaterMark: DEFAULT_WINDOW });
    this.sendWindow = session.initialSendWindow;
  }

  /** First value of a (lowercase) header. */
  header(name: string): string | undefined {
    return this.headers[name]?.[0];
  }

  _read(): void {
    this.session.consumed(this);
  }

  _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.session.sendData(this, chunk, cb);
  }

  _final(cb: (err?: Error | null) => void): void {
    this.finSent = true;
    this.session.sendFin(this);
    this.maybeDone();
    cb();
  }

  _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.finSent || !this.remoteFin) this.session.reset(this, err ? RST.INTERNAL_ERROR : RST.CANCEL);
    this.session.forget(this);
    this.releaseWaiters();
    cb(err);
  }

  /** Internal: the peer's DATA. Returns false when our buffer is full. */
  receive(data: Buffer, fin: boolean): boolean {
    let more = true;
    if (data.length) more = this.push(data);
    if (fin) { this.remoteFin = true; this.push(null); this.maybeDone(); }
    return more;
  }

  /** Internal: the peer reset the stream or the connection went away. */
  abort(): void {
    this.remoteFin = this.finSent = true; // nothing more to tell the peer
    if (!this.readableEnded) this.push(null);
    this.destroy();
  }

  waitWindow(fn: () => void): void { this.waiters.push(fn); }
  releaseWaiters(): void { for (const w of this.waiters.splice(0)) w(); }

  private maybeDone(): void {
    if (this.finSent && this.remoteFin) this.session.forget(this);
  }
}

export interface SpdySessionEvents {
  stream: [SpdyStream];
  close: [];
}

export class SpdySession extends EventEmitter<SpdySessionEvents> {
  private readonly encoder = new FrameEncoder();
  private readonly decoder = new FrameDecoder();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private closed = false;
  private peerFlowControl = false;
  private sessionSendWindow = DEFAULT_WINDOW;
  private sessionUnacked = 0;
  private readonly sessionWaiters: (() => void)[] = [];
  private readonly paused = new Set<SpdyStream>();
  initialSendWindow = DEFAULT_WINDOW;

  constructor(private readonly transport: Duplex) {
    super();
    transport.on('data', (chunk: Buffer) => this.onData(chunk));
    transport.on('end', () => this.close());
    transport.on('close', () => this.close());
    transport.on('error', () => this.close());
  }

  /** Ends the connection: GOAWAY, then close the transport; open streams are aborted. */
  close(status: number = GOAWAY.OK): void {
    if (this.closed) return;
    this.closed = true;
    if (this.transport.writable) {
      this.transport.write(this.encoder.encode({ type: 'goaway', lastGoodStreamId: this.lastStreamId, status }));
      this.transport.end();
    }
    for (const s of [...this.streams.values()]) s.abort();
    this.streams.clear();
    for (const w of this.sessionWaiters.splice(0)) w();
    // Let written frames drain (the final status may still be buffered), but a peer that
    // never closes its side must not keep the connection: destroy after a short grace.
    if (!this.transport.destroyed) {
      const t = setTimeout(() => this.transport.destroy(), 1000);
      this.transport.once('close', () => clearTimeout(t));
    }
    this.emit('close');
  }

  get isClosed(): boolean { return this.closed; }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.close(GOAWAY.PROTOCOL_ERROR);
      return;
    }
    for (const f of frames) this.handle(f);
  }

  private handle(f: Frame): void {
    switch (f.type) {
      case 'synStream': {
        if (f.streamId <= this.lastStreamId || f.streamId % 2 === 0) {
          this.write({ type: 'rstStream', streamId: f.streamId, status: RST.PROTOCOL_ERROR });
          return;
        }
        this.lastStreamId = f.streamId;
        if (this.streams.size >= MAX_STREAMS) {
          this.write({ type: 'rstStream', streamId: f.streamId, status: RST.REFUSED_STREAM });
          return;
        }
        const s = new SpdyStream(f.streamId, f.headers, this);
        this.streams.set(f.streamId, s);
        this.write({ type: 'synReply', streamId: f.streamId, fin: false, headers: {} });
        if (f.fin) s.receive(Buffer.alloc(0), true);
        this.emit('stream', s);
        return;
      }
      case 'data': {
        const s = this.streams.get(f.streamId);
        if (!s) {
          // Data for a stream we no longer track: tell the peer once, drop it.
          if (f.data.length) this.write({ type: 'rstStream', streamId: f.streamId, status: RST.INVALID_STREAM });
          return;
        }
        s.unacked += f.data.length;
        this.sessionUnacked += f.data.length;
        if (!s.receive(f.data, f.fin)) {
          this.paused.add(s);
          this.transport.pause();
        } else {
          this.consumed(s);
        }
        return;
      }
      case 'headers': {
        if (f.fin) this.streams.get(f.streamId)?.receive(Buffer.alloc(0), true);
        return;
      }
      case 'rstStream':
        this.streams.get(f.streamId)?.abort();
        return;
      case 'ping':
        if (f.id % 2 === 1) this.write({ type: 'ping', id: f.id }); // client pings are odd
        return;
      case 'goaway':
        this.close();
        return;
      case 'settings':
        for (const e of f.entries) {
          if (e.id === SETTINGS_INITIAL_WINDOW_SIZE) {
            this.peerFlowControl = true;
            const delta = e.value - this.initialSendWindow;
            this.initialSendWindow = e.value;
            for (const s of this.streams.values()) { s.sendWindow += delta; if (s.sendWindow > 0) s.releaseWaiters(); }
          }
        }
        return;
      case 'windowUpdate':
        this.peerFlowControl = true;
        if (f.streamId === 0) {
          this.sessionSendWindow += f.delta;
          for (const w of this.sessionWaiters.splice(0)) w();
        } else {
          const s = this.streams.get(f.streamId);
          if (s) { s.sendWindow += f.delta; s.releaseWaiters(); }
        }
        return;
      case 'synReply':
        return; // we open no streams
    }
  }

  /** A stream's reader wants more: grant window back, resume the transport if all can take more. */
  consumed(s: SpdyStream): void {
    if (this.paused.delete(s) && this.paused.size === 0 && !this.closed) this.transport.resume();
    if (this.closed) return;
    if (s.unacked >= DEFAULT_WINDOW / 2) {
      this.write({ type: 'windowUpdate', streamId: s.id, delta: s.unacked });
      s.unacked = 0;
    }
    if (this.sessionUnacked >= DEFAULT_WINDOW / 2) {
      this.write({ type: 'windowUpdate', streamId: 0, delta: this.sessionUnacked });
      this.sessionUnacked = 0;
    }
  }

  sendData(s: SpdyStream, chunk: Buffer, cb: (err?: Error | null) => void): void {
    if (this.closed) { cb(new Error('SPDY connection closed')); return; }
    let off = 0;
    const next = (): void => {
      if (this.closed) { cb(new Error('SPDY connection closed')); return; }
      while (off < chunk.length) {
        let n = Math.min(MAX_DATA_FRAME, chunk.length - off);
        if (this.peerFlowControl) {
          n = Math.min(n, s.sendWindow, this.sessionSendWindow);
          if (n <= 0) {
            if (s.sendWindow <= 0) s.waitWindow(next); else this.sessionWaiters.push(next);
            return;
          }
          s.sendWindow -= n;
          this.sessionSendWindow -= n;
        }
        const more = this.write({ type: 'data', streamId: s.id, fin: false, data: chunk.subarray(off, off + n) });
        off += n;
        if (!more) { this.transport.once('drain', next); return; }
      }
      cb();
    };
    next();
  }

  sendFin(s: SpdyStream): void {
    if (!this.closed) this.write({ type: 'data', streamId: s.id, fin: true, data: Buffer.alloc(0) });
  }

  reset(s: SpdyStream, status: number): void {
    if (!this.closed && this.streams.has(s.id)) this.write({ type: 'rstStream', streamId: s.id, status });
  }

  forget(s: SpdyStream): void {
    this.streams.delete(s.id);
    if (this.paused.delete(s) && this.paused.size === 0 && !this.closed) this.transport.resume();
  }

  private write(f: Frame): boolean {
    if (this.closed || !this.transport.writable) return true;
    return this.transport.write(this.encoder.encode(f));
  }
}
