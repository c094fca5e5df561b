// Test function for the fdk-node image (format http-stream), written with the real Fn Node.js FDK. The body is a
// command, so one image covers the agent's cases: echo (default), throw, sleep:<ms>, exit, oom, env, headers, gateway,
// cookies, log:<n>.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const fdk = require('@fnproject/fdk');

fdk.handle(
  async (input, ctx) => {
    const text = input.toString('utf8');
    const [cmd, arg] = text.split(/:(.*)/s);
    switch (cmd) {
      case 'throw':
        throw new Error('the function threw on purpose');
      case 'sleep':
        await new Promise((r) => setTimeout(r, Number(arg)));
        return `slept:${arg}`;
      case 'exit':
        console.error('exiting with 3');
        process.exit(3);
        break;
      case 'oom': {
        const hog = [];
        for (;;) hog.push(Buffer.alloc(1024 * 1024).fill(1));
      }
      case 'env':
        return JSON.stringify(process.env);
      case 'headers':
        return JSON.stringify(ctx.headers);
      case 'gateway': {
        // Behind an HTTP trigger: what Fn's gateway told the function, and a status and header set back through it.
        const gw = ctx.httpGateway;
        gw.statusCode = 201;
        gw.setResponseHeader('X-Gateway', 'yes');
        gw.setResponseHeader('Content-Type', 'application/json');
        return { method: gw.method, url: gw.requestURL, headers: gw.headers };
      }
      case 'cookies':
        // Two values of one header; behind a trigger they travel as two Fn-Http-H-Set-Cookie headers.
        if (ctx.getHeader('Fn-Intent') === 'httprequest')
          ctx.httpGateway.setResponseHeader('Set-Cookie', 'a=1; Path=/', 'b=2; Path=/');
        else ctx.setResponseHeader('Set-Cookie', 'a=1; Path=/', 'b=2; Path=/');
        ctx.responseContentType = 'text/plain';
        return 'two cookies';
      case 'log':
        for (let i = 1; i <= Number(arg); i++) console.error(`line ${i} of ${ctx.callID}`);
        return `logged:${arg}`;
      default:
        // Echo the body back byte for byte, keeping the caller's content type so the round trip is exact.
        ctx.responseContentType = ctx.getHeader('Content-Type') || 'application/octet-stream';
        return input;
    }
  },
  { inputMode: 'buffer' },
);
