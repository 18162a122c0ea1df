/**
 * Invoices set aside for paper instead of email, with "PDFs öffnen". The desktop opens each PDF
 * in the system viewer (invoices.openPdf); browser mode cannot open several windows after one
 * click, so there the PDFs are loaded and offered as links to open (and print) one by one.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { errorText } from '../../ui/errors.js';
import { useInvoicePdf, type LoadedPdf } from '../invoices/pdf.js';
import { useT } from '../../app/i18n.js';

export interface PrintItem {
  id: string;
  number: string | null;
}

type Mode = 'idle' | 'loading' | 'opened' | 'links';

export function PrintList({ items }: { items: PrintItem[] }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('idle');
  const [links, setLinks] = useState<(LoadedPdf & { id: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const urls = useRef<string[]>([]);
  const pdfs = useInvoicePdf();
  const key = items.map((i) => i.id).join(',');

  // The list changed: what was opened or loaded belongs to the old one.
  useEffect(() => {
    setMode('idle');
    setLinks([]);
  }, [key]);
  useEffect(() => () => {
    for (const u of urls.current) URL.revokeObjectURL(u);
  }, []);

  async function open() {
    if (mode === 'loading' || items.length === 0) return;
    setMode('loading');
    setError(null);
    const first = await pdfs.openInSystemViewer(items[0]!.id);
    if (first.ok && first.data.opened) {
      for (const item of items.slice(1)) {
        const r = await pdfs.openInSystemViewer(item.id);
        if (!r.ok) setError(errorText(t, r.error));
      }
      setMode('opened');
      return;
    }
    const loaded: (LoadedPdf & { id: string })[] = [];
    for (const item of items) {
      const r = await pdfs.load(item.id);
      if (r.ok) {
        urls.current.push(r.data.url);
        loaded.push({ ...r.data, id: item.id });
      } else setError(errorText(t, r.error));
    }
    setLinks(loaded);
    setMode('links');
  }

  if (items.length === 0) return null;
  return (
    <section className="send-print" aria-labelledby="send-print-title">
      <div className="send-print-head">
        <h3 id="send-print-title">{t('sendUi.print.title', { count: items.length })}</h3>
        <button type="button" className="button small" onClick={() => void open()} disabled={mode === 'loading'}>
          <Icon name="file" size={16} />
          {t('sendUi.print.open')}
        </button>
      </div>
      <p className="send-print-numbers mono">{items.map((i) => i.number ?? '–').join(', ')}</p>
      <div aria-live="polite">
        {mode === 'loading' && <p className="send-note">{t('sendUi.print.loading')}</p>}
        {mode === 'opened' && <p className="send-note">{t('sendUi.print.opened')}</p>}
        {mode === 'links' && links.length > 0 && (
          <>
            <p className="send-note">{t('sendUi.print.links')}</p>
            <ul className="send-print-links">
              {links.map((l) => (
                <li key={l.id} className="icon-text">
                  <a href={l.url} target="_blank" rel="noopener noreferrer">
                    <Icon name="file" size={16} />
                    {l.fileName}
                  </a>
                  <a href={l.url} download={l.fileName} className="send-print-download" aria-label={`${t('invoice.savePdf')}: ${l.fileName}`}>
                    <Icon name="download" size={16} />
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
