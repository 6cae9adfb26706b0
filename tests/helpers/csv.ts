/** Feeds text to a streaming CSV reader in the given chunk sizes (cycled), so record boundaries fall anywhere. */
export function feedInChunks(scanner: { push(text: string): void; end(): void }, text: string, chunkSizes: readonly number[]): void {
  let pos = 0;
  for (let i = 0; pos < text.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length]!);
    scanner.push(text.slice(pos, pos + size));
    pos += size;
  }
  scanner.end();
}
