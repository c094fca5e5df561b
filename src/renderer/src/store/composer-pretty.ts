// Pretty-prints a JSON response body; null when it is not JSON (then the raw text is all there is).

export function prettyBody(body: string): string | null {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}
