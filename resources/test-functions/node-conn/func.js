// A hand-written http-stream function (no FDK) that counts the connections its server accepted and answers each call
// with the count in X-Connections, for connection reuse tests. MODE config: keep (default: keeps connections open),
// drop-reused (a call arriving on a connection that already served one finds it closed, with no reply: the function
// closing an idle connection just as the next call comes, every time), close-after-reply (closes each connection
// right after its reply, without saying so in the reply).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const listener = (process.env.FN_LISTENER || '').replace(/^unix:/, '');
const dir = path.dirname(listener);
const mode = process.env.MODE || 'keep';
const privateSock = path.join(dir, `conn-${process.pid}.sock`);
let connections = 0;
const served = new WeakMap();

const server = http.createServer((req, res) => {
  const socket = req.socket;
  const count = (served.get(socket) ?? 0) + 1;
  served.set(socket, count);
  if (mode === 'drop-reused' && count > 1) return socket.destroy();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (mode === 'close-after-reply') res.on('finish', () => socket.destroy());
    res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Connections': String(connections) });
    res.end(`conn:${Buffer.concat(chunks)}`);
  });
});
server.on('connection', () => connections++);
// Node's idle timeout off, as the Node FDK has it: only the modes above close connections.
server.keepAliveTimeout = 0;
server.listen(privateSock, () => {
  fs.chmodSync(privateSock, 0o666);
  fs.symlinkSync(path.basename(privateSock), listener);
});
