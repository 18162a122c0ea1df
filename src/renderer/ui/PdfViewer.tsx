/**
 * The app's own PDF viewer: pages drawn on canvases by pdf.js with a text layer over them (the
 * text can be selected, found with Ctrl+F and read by a screen reader), zoom in/out/fit width,
 * "Seite x / n", and a focusable scroll area (arrow keys, Page Up/Down, Space, Home/End; + and -
 * zoom). Unlike the browser's plugin viewer it is part of our page, so Escape reaches the dialog
 * around it. pdf.js itself is loaded only when a PDF is shown (see pdfEngine.ts).
 *
 * Printing does not go through this viewer: PdfPrintFrame hands the same bytes to the browser in
 * an invisible frame, only to call print() on it (the browser prints the PDF as it is, at its size).
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useT } from '../app/i18n.js';
import { Dialog } from './Dialog.js';
import { Icon } from './Icon.js';
import { Spinner } from './Spinner.js';
import './pdfViewer.css';

type Engine = typeof import('./pdfEngine.js');
type PdfDocument = import('./pdfEngine.js').PDFDocumentProxy;
type PdfPage = import('./pdfEngine.js').PDFPageProxy;

/** pdf.js measures in PDF points; "100 %" means printed size on screen (96 CSS px per inch). */
const CSS_PER_POINT = 96 / 72;
const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
/** The grey margin around the pages (see pdfViewer.css). */
const GUTTER = 16;

interface Loaded {
  engine: Engine;
  doc: PdfDocument;
  pages: PdfPage[];
}

export function PdfViewer({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [areaWidth, setAreaWidth] = useState(0);
  const [current, setCurrent] = useState(1);
  const area = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let gone = false;
    const held: { task: ReturnType<Engine['openDocument']> | null } = { task: null };
    setLoaded(null);
    setFailed(false);
    import('./pdfEngine.js')
      .then(async (engine) => {
        held.task = engine.openDocument(bytes);
        const doc = await held.task.promise;
        const pages = await Promise.all(Array.from({ length: doc.numPages }, (_, i) => doc.getPage(i + 1)));
        if (!gone) setLoaded({ engine, doc, pages });
      })
      .catch(() => {
        if (!gone) setFailed(true);
      });
    return () => {
      gone = true;
      void held.task?.destroy();
    };
  }, [bytes]);

  // Fit width follows the window: the area's width is watched, not read once.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    setAreaWidth(el.clientWidth);
    const watcher = new ResizeObserver(() => setAreaWidth(el.clientWidth));
    watcher.observe(el);
    return () => watcher.disconnect();
  }, []);

  const pageWidth = loaded ? Math.max(...loaded.pages.map((p) => p.getViewport({ scale: 1 }).width)) : 0;
  const fitScale = pageWidth > 0 && areaWidth > 2 * GUTTER ? (areaWidth - 2 * GUTTER) / pageWidth : CSS_PER_POINT;
  const scale = zoom === 'fit' ? fitScale : zoom * CSS_PER_POINT;
  const shown = scale / CSS_PER_POINT;
  const count = loaded?.pages.length ?? 0;
  const canZoomIn = shown < ZOOMS[ZOOMS.length - 1]! - 0.001;
  const canZoomOut = shown > ZOOMS[0]! + 0.001;

  function zoomIn() {
    setZoom(ZOOMS.find((z) => z > shown + 0.001) ?? ZOOMS[ZOOMS.length - 1]!);
  }
  function zoomOut() {
    setZoom([...ZOOMS].reverse().find((z) => z < shown - 0.001) ?? ZOOMS[0]!);
  }

  /** The page that fills the upper part of the area is the one being read. */
  function onScroll() {
    const el = area.current;
    if (!el) return;
    const line = el.getBoundingClientRect().top + el.clientHeight * 0.3;
    let page = 1;
    el.querySelectorAll<HTMLElement>('.pdf-page').forEach((p, i) => {
      if (p.getBoundingClientRect().top <= line) page = i + 1;
    });
    setCurrent(page);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      if (canZoomIn) zoomIn();
    } else if (e.key === '-') {
      e.preventDefault();
      if (canZoomOut) zoomOut();
    } else if (e.key === 'Home' || e.key === 'End') {
      // The first and the last page, whatever the browser does with these keys in a scroll area.
      e.preventDefault();
      area.current?.scrollTo({ top: e.key === 'Home' ? 0 : area.current.scrollHeight });
    }
  }

  return (
    <div className="pdf-viewer">
      <div className="pdf-toolbar">
        <span className="pdf-page-count">{count > 0 ? t('pdf.pageOf', { page: String(current), count: String(count) }) : ''}</span>
        <div className="pdf-zoom" role="group" aria-label={t('pdf.zoom')}>
          <button type="button" className="button small pdf-zoom-step" onClick={zoomOut} disabled={!loaded || !canZoomOut} aria-label={t('pdf.zoomOut')} title={t('pdf.zoomOut')}>
            <Icon name="minus" size={16} />
          </button>
          <span className="pdf-zoom-value tabular">{loaded ? `${Math.round(shown * 100)} %` : ''}</span>
          <button type="button" className="button small pdf-zoom-step" onClick={zoomIn} disabled={!loaded || !canZoomIn} aria-label={t('pdf.zoomIn')} title={t('pdf.zoomIn')}>
            <Icon name="plus" size={16} />
          </button>
          <button type="button" className="button small" onClick={() => setZoom('fit')} disabled={!loaded} aria-pressed={zoom === 'fit'}>
            {t('pdf.fitWidth')}
          </button>
        </div>
      </div>
      {/* Focusable so that the keyboard scrolls it; a click on a page focuses it too. */}
      <div ref={area} className="pdf-pages" tabIndex={0} role="region" aria-label={label} onScroll={onScroll} onKeyDown={onKeyDown}>
        {failed ? (
          <p className="pdf-message">{t('pdf.failed')}</p>
        ) : !loaded ? (
          <p className="pdf-message">
            <Spinner /> {t('pdf.loading')}
          </p>
        ) : (
          loaded.pages.map((page, i) => <PageView key={i} engine={loaded.engine} page={page} scale={scale} label={t('pdf.page', { page: String(i + 1) })} />)
        )}
      </div>
    </div>
  );
}

function PageView({ engine, page, scale, label }: { engine: Engine; page: PdfPage; scale: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const viewport = page.getViewport({ scale });
  useEffect(() => {
    const drawing = engine.drawPage(page, scale, canvas.current!, text.current!);
    // A page drawn again (zoom) cancels the drawing before; that rejection is expected.
    drawing.done.catch(() => {});
    return () => drawing.cancel();
  }, [engine, page, scale]);
  const size = { width: Math.floor(viewport.width), height: Math.floor(viewport.height), '--scale-factor': scale, '--total-scale-factor': scale } as CSSProperties;
  return (
    <div className="pdf-page" role="group" aria-label={label} style={size}>
      <canvas ref={canvas} aria-hidden="true" />
      <div ref={text} className="textLayer" />
    </div>
  );
}

/**
 * Prints a PDF as it is: the browser loads the bytes in a frame nobody sees and prints it
 * (print() on the frame's window). Mount it once per print; `url` is a blob: URL of the PDF.
 */
export function PdfPrintFrame({ url, title }: { url: string; title: string }) {
  return (
    <iframe
      className="pdf-print-frame"
      src={url}
      title={title}
      tabIndex={-1}
      aria-hidden="true"
      onLoad={(e) => {
        try {
          e.currentTarget.contentWindow?.print();
        } catch {
          // A browser that cannot print the frame: the PDF can still be saved and printed from a reader.
        }
      }}
    />
  );
}

/** A PDF to show: its bytes for the viewer, a blob: URL of them for saving and printing. */
export interface ShownPdf {
  fileName: string;
  bytes: Uint8Array;
  url: string;
}

/** base64 from main (…Pdf methods) to a ShownPdf; the caller revokes `url` when done (closePdf). */
export function pdfFromBase64(fileName: string, contentBase64: string): ShownPdf {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  return { fileName, bytes, url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })) };
}

/**
 * An archived PDF (receipt, credit note, reminder) in the viewer, with Drucken and PDF speichern;
 * nothing while `pdf` is null. Closing (Escape too) revokes the PDF's URL and calls onClose. The
 * focus goes back to what opened it.
 */
export function PdfViewerDialog({ pdf, onClose }: { pdf: ShownPdf | null; onClose(): void }) {
  // Keyed by the PDF: a print asked for one is never carried over to the next.
  return pdf ? <ShownPdfDialog key={pdf.url} pdf={pdf} onClose={onClose} /> : null;
}

function ShownPdfDialog({ pdf, onClose }: { pdf: ShownPdf; onClose(): void }) {
  const t = useT();
  const [printRequest, setPrintRequest] = useState(0);
  const close = () => {
    URL.revokeObjectURL(pdf.url);
    onClose();
  };
  return (
    <Dialog
      open
      size="full"
      title={pdf.fileName}
      onCancel={close}
      titleActions={
        <>
          <button type="button" className="button" onClick={() => setPrintRequest((n) => n + 1)}>
            <Icon name="printer" />
            {t('pdf.print')}
          </button>
          <a className="button" href={pdf.url} download={pdf.fileName}>
            <Icon name="download" />
            {t('pdf.save')}
          </a>
          <button type="button" className="button" onClick={close}>
            {t('action.close')}
          </button>
        </>
      }
    >
      <PdfViewer bytes={pdf.bytes} label={pdf.fileName} />
      {printRequest > 0 && <PdfPrintFrame key={printRequest} url={pdf.url} title={t('pdf.print')} />}
    </Dialog>
  );
}
