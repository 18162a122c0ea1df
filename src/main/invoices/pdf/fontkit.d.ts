// fontkit (pdfkit's font engine) ships no types; we only parse a TTF once and hand it to pdfkit.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
