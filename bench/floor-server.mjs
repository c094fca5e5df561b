// The floor of a Node host: HTTP in, `POST /call` on a function's socket over a kept-alive connection, the reply
// piped back; no agent, no record. Usage: node bench/floor-server.mjs <socket>... ; prints "listening <port>".
import { Agent, createServer, request } from 'node:http';

// One kept-alive connection per container; a request waits for a free container, as one container runs one call.
const free = process.argv.slice(2).map((socketPath) => ({
  socketPath,
  agent: new Agent({ keepAlive: true, maxSockets: 1 }),
}));
const waiting = [];
const release = (c) => (waiting.length ? waiting.shift()(c) : free.push(c));
const acquire = () => (free.length ? Promise.resolve(free.pop()) : new Promise((r) => waiting.push(r)));

const server = createServer(async (req, res) => {
  const c = await acquire();
  const headers = {
    'Content-Type': req.headers['content-type'] ?? 'application/octet-stream',
    'Fn-Call-Id': `floor${Math.random().toString(36).slice(2)}`,
    'Fn-Deadline': new Date(Date.now() + 30_000).toISOString(),
    // The containers are the host's, which ask a function for log frames through this header (empty: none) only where
    // they serve a purpose (Fn's Node FDK frames a call that lacks it). The bench's function writes nothing: after its
    // first calls, the host asks it for none either.
    'Fn-Studio-Log-Frame': '',
  };
  if (req.headers['content-length'] !== undefined) headers['Content-Length'] = req.headers['content-length'];
  const out = request(
    { socketPath: c.socketPath, agent: c.agent, path: '/call', method: 'POST', headers },
    (r) => {
      res.writeHead(r.statusCode ?? 502, {
        'Content-Type': r.headers['content-type'] ?? 'application/octet-stream',
      });
      r.pipe(res);
      r.on('end', () => release(c));
    },
  );
  out.on('error', (err) => {
    release(c);
    res.writeHead(502).end(err.message);
  });
  req.pipe(out);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
