// The API server's entry point for pods/log, exec, attach and portforward. The API server
// has authenticated the request and read the pod; this module only speaks the wire protocols:
//   log                → chunked text/plain (logs.ts)
//   exec, attach       → WebSocket channels v5…v1 (wsRemoteCommand.ts) or SPDY/3.1 (spdyRemoteCommand.ts)
//   portforward        → SPDY/3.1 raw or tunnelled in a WebSocket, or WebSocket channels
//                        (portForwardWs.ts, portForwardSpdy.ts)
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, forbidden } from '../../api/errors';
import { handleLogs } from './logs';
import { PORT_FORWARD_PROTOCOL, servePortForwardSpdy } from './portForwardSpdy';
import { handlePortForwardWebSocket, portForwardTarget } from './portForwardWs';
import { SpdySession } from './spdy/session';
import { handleRemoteCommandSpdy } from './spdyRemoteCommand';
import type { PodStreamContext } from './types';
import { acceptSpdyUpgrade, headerList, isSpdyUpgrade, isWebSocketUpgrade, negotiate, sendStatus, STREAM_PROTOCOL_HEADER } from './upgrade';
import { handleRemoteCommandWebSocket } from './wsRemoteCommand';

export type { PodStreamContext, PodStreamSubresource } from './types';

export async function handlePodStreamRequest(ctx: PodStreamContext): Promise<void> {
  try {
    if (ctx.subresource === 'log') {
      if (!ctx.res) throw badRequest('pods/log does not support upgrades');
      await handleLogs({ ...ctx, res: ctx.res });
      return;
    }
    if (!ctx.socket) throw badRequest('Upgrade request required');
    const upgraded = { ...ctx, socket: ctx.socket };
    ctx.socket.on('error', () => { /* a client that vanishes mid-stream is not a server error */ });
    if (isWebSocketUpgrade(ctx.req)) {
      if (ctx.subresource === 'portforward') await handlePortForwardWebSocket(upgraded);
      else await handleRemoteCommandWebSocket(upgraded);
      return;
    }
    if (isSpdyUpgrade(ctx.req)) {
      if (ctx.subresource === 'portforward') servePortForwardOverSpdy(upgraded);
      else await handleRemoteCommandSpdy(upgraded);
      return;
    }
    throw badRequest('Upgrade request required');
  } catch (e) {
    sendStatus(ctx, e);
  }
}

function servePortForwardOverSpdy(ctx: PodStreamContext & { socket: Duplex }): void {
  const protocol = negotiate(ctx.req as http.IncomingMessage, [PORT_FORWARD_PROTOCOL]);
  if (protocol === undefined) {
    throw forbidden(`unable to upgrade: unable to negotiate protocol: client supports [${headerList(ctx.req, STREAM_PROTOCOL_HEADER).join(' ')}], server supports [${PORT_FORWARD_PROTOCOL}]`);
  }
  acceptSpdyUpgrade(ctx.socket, ctx.head, protocol);
  servePortForwardSpdy(new SpdySession(ctx.socket), portForwardTarget(ctx));
}
