/**
 * Invoice PDFs in the renderer: invoices.pdf answers with base64, which becomes a Blob URL that an
 * <iframe> shows (the CSP allows blob: frames) or a download link saves under the API's file name.
 * The caller revokes the URL when the viewer closes. On the desktop, main opens the PDF in the
 * system viewer instead (which can also print); our window does not show PDFs itself.
 */
import type { DocumentKind } from '../../../shared/contract/index.js';
import type { Envelope } from '../../../shared/errors.js';
import { useApiMutation } from '../../data/query.js';

export interface LoadedPdf {
  url: string;
  fileName: string;
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function useInvoicePdf() {
  const fetchPdf = useApiMutation('invoices.pdf');
  const openPdf = useApiMutation('invoices.openPdf');
  return {
    /** The archived document: the invoice as issued, or a cancelled invoice's cancellation notice. */
    async load(id: string, kind: DocumentKind = 'invoice'): Promise<Envelope<LoadedPdf>> {
      const result = await fetchPdf.run({ id, kind });
      if (!result.ok) return result;
      const blob = new Blob([base64ToBytes(result.data.contentBase64)], { type: 'application/pdf' });
      return { ok: true, data: { url: URL.createObjectURL(blob), fileName: result.data.fileName } };
    },
    /** Answers `opened: false` in browser mode, where the page shows the PDF in an <iframe>. */
    async openInSystemViewer(id: string, kind: DocumentKind = 'invoice'): Promise<Envelope<{ opened: boolean }>> {
      if (!window.arnika) return { ok: true, data: { opened: false } };
      return openPdf.run({ id, kind });
    },
  };
}

/** Starts a download of a loaded PDF (the desktop shell asks where to save it). */
export function downloadPdf(pdf: LoadedPdf): void {
  const a = document.createElement('a');
  a.href = pdf.url;
  a.download = pdf.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
