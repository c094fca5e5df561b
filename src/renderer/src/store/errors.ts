// Turns anything thrown by the API into the sentence the UI shows (ApiError messages are written for people).
import { ApiError } from '../../../shared/errors';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
