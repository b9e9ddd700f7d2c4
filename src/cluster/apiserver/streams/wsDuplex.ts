// A WebSocket seen as a byte stream, for SPDY tunnelled in WebSocket binary messages
// (client-go's TunnelingConnection: each write is one binary message, reads concatenate
// messages). Back-pressure both ways: a write completes when ws has flushed the message,
// and incoming messages pause the socket while our reader's buffer is full.
import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

export function webSocketDuplex(ws: WebSocket): Duplex {
  const d = new Duplex({
    allowHalfOpen: false,
    read() { ws.resume(); },
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== WebSocket.OPEN) { cb(new Error('websocket closed')); return; }
      ws.send(chunk, { binary: true }, (err) => cb(err ?? null));
    },
    final(cb) {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      cb();
    },
    destroy(err, cb) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
      const t = setTimeout(() => ws.terminate(), 2000);
      ws.once('close', () => clearTimeout(t));
      if (ws.readyState === WebSocket.CLOSED) clearTimeout(t);
      cb(err);
    },
  });
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return; // the tunnel carries only binary messages
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!d.push(buf)) ws.pause();
  });
  ws.on('close', () => { d.push(null); d.destroy(); });
  ws.on('error', () => d.destroy());
  return d;
}
