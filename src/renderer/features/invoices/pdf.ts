/**
 * Invoice PDFs in the renderer: invoices.pdf answers with base64; its bytes are shown by our own
 * viewer (ui/PdfViewer), and a Blob URL of them is saved under the API's file name or printed
 * (ui/PdfPrintFrame). The caller revokes the URL when the viewer closes. On the desktop, main opens
 * the PDF in the system viewer instead (which can also print).
 */
import type { DocumentKind } from '../../../shared/contract/index.js';
import type { Envelope } from '../../../shared/errors.js';
import { useApiMutation } from '../../data/query.js';

export interface LoadedPdf {
  url: string;
  fileName: string;
  bytes: Uint8Array;
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
      const bytes = base64ToBytes(result.data.contentBase64);
      const blob = new Blob([bytes], { type: 'application/pdf' });
      return { ok: true, data: { url: URL.createObjectURL(blob), fileName: result.data.fileName, bytes } };
    },
    /** Answers `opened: false` in browser mode, where the page shows the PDF in its own viewer. */
    async openInSystemViewer(id: string, kind: DocumentKind = 'invoice'): Promise<Envelope<{ opened: boolean }>> {
      if (!window.arnika) return { ok: true, data: { opened: false } };
      return openPdf.run({ id, kind });
    },
  };
}

/** Starts a download of a loaded PDF (the desktop shell asks where to save it). */
export function downloadPdf(pdf: Pick<LoadedPdf, 'url' | 'fileName'>): void {
  const a = document.createElement('a');
  a.href = pdf.url;
  a.download = pdf.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
