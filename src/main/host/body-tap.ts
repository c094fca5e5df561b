// A request body on its way to a function: counted against the size limit as it flows, with its start kept for the
// call record.
import { Transform, type TransformCallback } from 'node:stream';
import { ApiError } from '../../shared/errors';

/** The one answer to a request body over the limit, wherever it is found to be. */
export const bodyLimitError = (limit: number): ApiError =>
  new ApiError('too_large', `the request body is over the limit of ${limit} bytes`);

export class BodyTap extends Transform {
  size = 0;
  tooLarge = false;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    private readonly limit: number,
    private readonly keepBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.tooLarge = true;
      return done(bodyLimitError(this.limit));
    }
    if (this.keptBytes < this.keepBytes) {
      const part = chunk.subarray(0, this.keepBytes - this.keptBytes);
      this.kept.push(part);
      this.keptBytes += part.length;
    }
    done(null, chunk);
  }

  /** The first `keepBytes` of what flowed through. */
  start(): Buffer {
    return Buffer.concat(this.kept);
  }

  /** Reads the whole body (within the limit) into memory, for formats that need it before the call. */
  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}
