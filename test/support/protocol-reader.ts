// Feeding a stdio protocol's reply reader in unit tests: whole, split into chunks, or until it refuses the bytes.
import { expect } from 'vitest';
import { type HotProtocol, ProtocolError, type ProtocolReply } from '../../src/main/core/protocols/protocol';

export function replyReading(protocol: HotProtocol, encoding: BufferEncoding) {
  /** Feeds the chunks to a fresh reader: only the last may complete the reply. */
  function read(...chunks: Buffer[]): ProtocolReply {
    const reader = protocol.newReader();
    chunks
      .slice(0, -1)
      .forEach((c, i) => expect(reader.push(c), `chunk ${i} completed the reply`).toBeUndefined());
    const reply = reader.push(chunks[chunks.length - 1]);
    if (!reply) throw new Error('the reply is still incomplete after the last chunk');
    return reply;
  }
  const readText = (text: string) => read(Buffer.from(text, encoding));
  /** The message of the protocol error the text must cause. */
  const errorOf = (text: string): string => {
    try {
      readText(text);
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      return (err as Error).message;
    }
    throw new Error(`no protocol error for ${JSON.stringify(text)}`);
  };
  return { read, readText, errorOf };
}
