/**
 * Recently rendered invoice PDFs, in memory. Rendering is deterministic from a frozen snapshot, so
 * a cached copy is the same bytes a new render would give; the cache only spares work when one
 * PDF is needed twice in a row (queued for mail, then sent; viewed, then saved). Bounded by bytes,
 * least recently used first out; nothing is written to disk.
 */
export class DocumentCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, content: Buffer): void {
    if (content.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, content);
    this.bytes += content.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
