// A message body for display: pretty-printed when it is JSON, as it came otherwise.
export function prettyBody(body: string): { text: string; json: boolean } {
  const trimmed = body.trim();
  if (!trimmed || !/^[[{]/.test(trimmed)) return { text: body, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
  } catch {
    return { text: body, json: false };
  }
}
