// Kubernetes' WebSocket channel framing (wsstream): every message starts with its channel
// number, then the payload — one binary byte for the binary protocols, or an ASCII digit
// followed by base64 text for the base64 ones. Each outgoing channel is a Writable whose
// write completes when ws has handed the frame to the socket, so pipe() gets back-pressure.
import { Writable } from 'node:stream';
import { WebSocket, type RawData } from 'ws';

export const CLOSE_CHANNEL = 255;

export function isBase64Protocol(protocol: string): boolean {
  return protocol.includes('base64.');
}

export function encodeFrame(base64: boolean, channel: number, data: Buffer): Buffer | string {
  if (base64) return String.fromCharCode(48 + channel) + data.toString('base64');
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channel;
  data.copy(frame, 1);
  return frame;
}

export function decodeFrame(base64: boolean, data: RawData, isBinary: boolean): { channel: number; data: Buffer } | undefined {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (buf.length === 0) return undefined;
  if (base64 && !isBinary) {
    const text = buf.toString('utf8');
    return { channel: text.charCodeAt(0) - 48, data: Buffer.from(text.slice(1), 'base64') };
  }
  return { channel: buf[0], data: buf.subarray(1) };
}

/** A channel the server writes to. Ending it sends nothing (channels end with the socket). */
export function channelWriter(ws: WebSocket, base64: boolean, channel: number): Writable {
  return new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== WebSocket.OPEN) { cb(); return; }
      ws.send(encodeFrame(base64, channel, chunk), (err) => cb(err ?? null));
    },
  });
}

export function sendFrame(ws: WebSocket, base64: boolean, channel: number, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState !== WebSocket.OPEN) { resolve(); return; }
    ws.send(encodeFrame(base64, channel, data), () => resolve());
  });
}

/**
 * Completes a WebSocket upgrade on the given socket. Resolves undefined when the handshake
 * fails (ws has then answered 400 and destroyed the socket) or the client already left.
 */
export function upgradeWebSocket(
  wss: import('ws').WebSocketServer, req: import('node:http').IncomingMessage,
  socket: import('node:stream').Duplex, head: Buffer | undefined,
): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    if (socket.destroyed) { resolve(undefined); return; }
    let done = false;
    const onClose = () => { if (!done) { done = true; resolve(undefined); } };
    socket.once('close', onClose);
    wss.handleUpgrade(req, socket, head ?? Buffer.alloc(0), (ws) => {
      done = true;
      socket.off('close', onClose);
      resolve(ws);
    });
  });
}
