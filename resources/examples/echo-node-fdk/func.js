// Fn Studio example (format http-stream): answers JSON echoing the request body, through the Fn Node.js FDK.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const fdk = require('@fnproject/fdk');

fdk.handle((input, ctx) => {
  // stderr lines become the call's log in Fn Studio.
  console.error(`call ${ctx.callID} to ${ctx.appName}/${ctx.fnName}`);
  // A returned object is sent as JSON; the body arrives parsed when it is valid JSON, else as a string.
  return { echo: input, fn: ctx.fnName, memory_mb: ctx.memory };
});
