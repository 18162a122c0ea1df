import { createHash } from 'node:crypto';

/** SHA-256 of the bytes, as lower-case hex: how archived documents and pinned attachments are named. */
export function sha256Hex(content: Buffer | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
