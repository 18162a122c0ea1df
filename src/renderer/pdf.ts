/**
 * Invoice PDFs in the renderer: invoices.pdf answers with base64, which becomes a Blob URL that an
 * <iframe> shows (the CSP allows blob: frames) or a download link saves under the API's file name.
 * The caller revokes the URL when the viewer closes.
 */
import type { DocumentKind } from '../shared/contract/index.js';
import type { ErrorBody } from '../shared/errors.js';
import { api } from './api.js';

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

/** The archived document: the invoice as issued, or a cancelled invoice's cancellation notice. */
export async function loadInvoicePdf(id: string, kind: DocumentKind = 'invoice'): Promise<{ ok: true; pdf: LoadedPdf } | { ok: false; error: ErrorBody }> {
  const result = await api.call('invoices.pdf', { id, kind });
  if (!result.ok) return { ok: false, error: result.error };
  const blob = new Blob([base64ToBytes(result.data.contentBase64)], { type: 'application/pdf' });
  return { ok: true, pdf: { url: URL.createObjectURL(blob), fileName: result.data.fileName } };
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

/**
 * On the desktop, main opens the PDF in the system viewer (which can also print); our window does
 * not show PDFs itself. Answers false in browser mode, where the page shows it in an <iframe>.
 */
export async function openInSystemViewer(id: string, kind: DocumentKind = 'invoice'): Promise<{ opened: boolean; error?: ErrorBody }> {
  if (!window.arnika) return { opened: false };
  const result = await api.call('invoices.openPdf', { id, kind });
  return result.ok ? { opened: result.data.opened } : { opened: false, error: result.error };
}
