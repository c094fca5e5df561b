// The http-stream relay program, run by node inside the relay image (see relay-image.ts). Kept as a string here, not
// a file read at run time or a bundler import, so core loads under plain Node and the bundled app carries it as is.
export const relaySource = `// Fn Studio's http-stream relay: runs beside a function container on the same volume and carries its unix-socket
// traffic over this container's attached stdio, so http-stream works with engines that do not share the host's
// filesystem (Docker Desktop, remote engines). Protocol, one line per message, base64 payloads:
//   relay -> host: "UP" (volume ready), "READY" (listener valid), "FAIL <reason>", "D <id> <base64>", "E <id>" (closed)
//   host -> relay: "O <id>" (open connection id), "D <id> <base64>" (bytes to send), "E <id>" (close it)
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the relay image */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const DIR = process.argv[2] || '/iofs';
const LINK = path.join(DIR, 'lsnr.sock');
const send = (line) => process.stdout.write(line + '\\n');

// The function may run as any user: its socket directory must be writable by all.
fs.chmodSync(DIR, 0o777);
send('UP');

function listenerPath() {
  let target;
  try {
    if (!fs.lstatSync(LINK).isSymbolicLink()) return undefined;
    target = fs.readlinkSync(LINK);
  } catch {
    return undefined;
  }
  const resolved = path.resolve(DIR, target);
  if (target.startsWith('/') || !resolved.startsWith(DIR + path.sep))
    throw new Error(\`lsnr.sock points outside its directory (\${target})\`);
  try {
    return fs.lstatSync(resolved).isSocket() ? resolved : undefined;
  } catch {
    return undefined;
  }
}

let socketPath;
const poll = setInterval(() => {
  try {
    socketPath = listenerPath();
  } catch (err) {
    clearInterval(poll);
    send(\`FAIL \${err.message}\`);
    return;
  }
  if (socketPath) {
    clearInterval(poll);
    send('READY');
  }
}, 10);

const conns = new Map();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [op, id, data] = line.split(' ');
  const conn = conns.get(id);
  if (op === 'O') {
    const c = net.connect(socketPath);
    conns.set(id, c);
    c.on('data', (b) => send(\`D \${id} \${b.toString('base64')}\`));
    c.on('close', () => {
      conns.delete(id);
      send(\`E \${id}\`);
    });
    c.on('error', () => undefined);
  } else if (op === 'D' && conn) {
    conn.write(Buffer.from(data, 'base64'));
  } else if (op === 'E' && conn) {
    conn.destroy();
  }
});
`;
