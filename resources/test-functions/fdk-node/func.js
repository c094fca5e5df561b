// Test function for the fdk-node image (format http-stream): echoes the request body through the real Fn Node.js FDK.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const fdk = require('@fnproject/fdk');

fdk.handle(
  (input, ctx) => {
    // Echo the body back byte for byte, keeping the caller's content type so the round trip is exact.
    ctx.responseContentType = ctx.getHeader('Content-Type') || 'application/octet-stream';
    return input;
  },
  { inputMode: 'buffer' },
);
