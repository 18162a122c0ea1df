/**
 * Owns finding and loading the fonts embedded in invoice PDFs: Liberation Sans 2.1.5 regular and
 * bold (SIL OFL 1.1, assets/fonts/LICENSE-LiberationSans.txt). The QR-bill standard allows
 * Liberation Sans, and it covers Latin-1, Latin Extended-A, Ș ș Ț ț and €, which the built-in
 * PDF Helvetica does not.
 */
import * as fontkit from 'fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONT_REGULAR_FILE = 'LiberationSans-Regular.ttf';
export const FONT_BOLD_FILE = 'LiberationSans-Bold.ttf';

/**
 * Finds the assets folder from wherever this module was bundled or run from (src/main/invoices/pdf
 * in tests, dist/main/*.mjs when built), or ARNIKA_ASSETS_DIR when set (packaged app).
 */
export function findAssetsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  const fromEnv = process.env.ARNIKA_ASSETS_DIR;
  if (fromEnv) return fromEnv;
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'assets');
    if (existsSync(join(candidate, 'fonts', FONT_REGULAR_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`assets folder with fonts/${FONT_REGULAR_FILE} not found above ${start}`);
}

export interface InvoiceFonts {
  regular: Buffer;
  bold: Buffer;
}

/** A font parsed by fontkit; pdfkit's registerFont accepts one in place of the file bytes. */
export interface ParsedFont {
  layout(...args: unknown[]): unknown;
}

let cached: InvoiceFonts | null = null;

/** Read once per process: every invoice embeds the same two files. */
export function loadInvoiceFonts(): InvoiceFonts {
  if (!cached) {
    const dir = join(findAssetsDir(), 'fonts');
    cached = { regular: readFileSync(join(dir, FONT_REGULAR_FILE)), bold: readFileSync(join(dir, FONT_BOLD_FILE)) };
  }
  return cached;
}

let parsed: { regular: ParsedFont; bold: ParsedFont } | null = null;

/**
 * Parsed once per process. Parsing the TTFs was most of the time of rendering one invoice
 * (pdfkit re-parses a font given as bytes for every document); each document still makes its own
 * subset, so the output bytes are the same.
 */
export function parsedInvoiceFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!parsed) {
    const { regular, bold } = loadInvoiceFonts();
    parsed = { regular: fontkit.create(regular) as unknown as ParsedFont, bold: fontkit.create(bold) as unknown as ParsedFont };
  }
  return parsed;
}
