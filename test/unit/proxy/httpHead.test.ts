// The Ingress controller's request-head handling: parsing, host/path, the head sent to the backend.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendHead, hostAndPath, parseHead, plainResponse } from '../../../src/cluster/proxy/httpHead';

test('parseHead and hostAndPath: origin and absolute form, port and query stripped', () => {
  const h = parseHead('GET /a/b?x=1 HTTP/1.1\r\nHost: A.Example:8080\r\nX-Forwarded-For: 1.2.3.4\r\nConnection: keep-alive', Buffer.from('body'))!;
  assert.deepEqual(hostAndPath(h), { host: 'a.example', path: '/a/b' });
  assert.equal(h.rest.toString(), 'body');
  assert.deepEqual(hostAndPath(parseHead('GET http://b.example/c HTTP/1.1\r\nHost: x')!), { host: 'b.example', path: '/c' });
  assert.equal(parseHead('garbage'), undefined);
  assert.equal(parseHead('GET / HTTP/1.1\r\nno-colon-here'), undefined);
});

test('backendHead: X-Forwarded-* appended, Connection: close unless Upgrade', () => {
  const h = parseHead('POST /p HTTP/1.1\r\nHost: a.example\r\nX-Forwarded-For: 1.2.3.4\r\nConnection: keep-alive\r\nContent-Length: 4')!;
  const out = backendHead(h, { addr: '127.0.0.1', proto: 'https' }).toString();
  assert.match(out, /^POST \/p HTTP\/1\.1\r\n/);
  assert.match(out, /X-Forwarded-For: 1\.2\.3\.4, 127\.0\.0\.1\r\n/);
  assert.match(out, /X-Forwarded-Proto: https\r\n/);
  assert.match(out, /Connection: close\r\n\r\n$/);
  assert.ok(!/keep-alive/.test(out));
  const ws = backendHead(parseHead('GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket')!, { addr: 'x', proto: 'http' }).toString();
  assert.match(ws, /Connection: Upgrade/);
  assert.ok(!/Connection: close/.test(ws));
  assert.match(plainResponse(404, 'Not Found', 'no\n'), /Content-Length: 3\r\n/);
});
