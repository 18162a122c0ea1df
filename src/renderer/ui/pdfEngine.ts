/**
 * pdf.js, and only what the viewer needs of it. This module is imported dynamically by PdfViewer,
 * so the library (about as big as the rest of the app) loads the first time a PDF is shown and the
 * main chunk does not carry it. The worker is our own asset (Vite's `?url` copies it into
 * dist/renderer/assets), as pdf.js documents for bundlers: no CDN, and the CSP's 'self' allows it.
 *
 * The legacy build: the modern one calls JavaScript newer than some Chromium releases still in use
 * (Map.prototype.getOrInsertComputed, Math.sumPrecise), Electron 40's Chromium 144 among the
 * candidates; the legacy build brings those as polyfills, for about 60 kB more in this lazy chunk.
 */
import { getDocument, GlobalWorkerOptions, TextLayer, type PDFDocumentLoadingTask, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type { PDFDocumentProxy, PDFPageProxy };

/**
 * Our documents embed their fonts; nothing is fetched besides the bytes given. The task's
 * `promise` is the document; `destroy()` ends it (and its worker) when the viewer closes.
 */
export function openDocument(bytes: Uint8Array): PDFDocumentLoadingTask {
  // pdf.js hands the buffer to its worker (detaching it): give it a copy, the caller keeps the bytes.
  return getDocument({ data: bytes.slice(), enableXfa: false });
}

/**
 * Draws one page at `scale` into the canvas (sharp on high-density screens) and lays its text over
 * it, transparent but selectable and findable. `cancel` stops both when the page is drawn again.
 */
export function drawPage(page: PDFPageProxy, scale: number, canvas: HTMLCanvasElement, textLayer: HTMLElement): { done: Promise<void>; cancel(): void } {
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  const render = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
  textLayer.replaceChildren();
  const text = new TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport });
  const done = Promise.all([render.promise, text.render()]).then(() => undefined);
  return {
    done,
    cancel() {
      render.cancel();
      text.cancel();
    },
  };
}
