// A hand-written http-stream function (no FDK) for protocol edge cases, chosen by the MODE config value:
// echo (default), pipe, slow-ready:<ms>, escape-link, never-ready, status-500, close-mid.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const listener = (process.env.FN_LISTENER || '').replace(/^unix:/, '');
const dir = path.dirname(listener);
const [mode, arg] = (process.env.MODE || 'echo').split(/:(.*)/s);
const privateSock = path.join(dir, `phony-${process.pid}.sock`);

const server = http.createServer((req, res) => {
  if (mode === 'pipe') {
    // Streams both ways: each request chunk goes straight back as a response chunk.
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return req.pipe(res);
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    console.error(`call ${req.headers['fn-call-id']} deadline ${req.headers['fn-deadline']}`);
    if (mode === 'status-500') {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      return res.end('not a status the contract allows');
    }
    if (mode === 'close-mid') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
      res.write('only part of it');
      return setTimeout(() => res.socket.destroy(), 20);
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Call-Id': String(req.headers['fn-call-id']) });
    res.end(`stream:${body}`);
  });
});

if (mode !== 'never-ready') {
  server.listen(privateSock, () => {
    fs.chmodSync(privateSock, 0o666);
    const announce = () => {
      // Fn's rule: lsnr.sock is a relative symlink to the real socket in the same directory.
      const target = mode === 'escape-link' ? '../../etc/passwd' : path.basename(privateSock);
      fs.symlinkSync(target, listener);
    };
    if (mode === 'slow-ready') setTimeout(announce, Number(arg));
    else announce();
  });
} else {
  setInterval(() => console.error('still not listening'), 1000);
}
