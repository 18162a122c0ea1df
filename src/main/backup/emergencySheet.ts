/**
 * Owns the "Notfallblatt": one printable A4 page for the drawer, saying where the backups go, how
 * to restore them on a new computer (with Arnika, or without it), and with an empty box where the
 * therapist writes the passphrase by hand. The app never prints the passphrase.
 *
 * Set in PDF's built-in Helvetica: the sheet is printed, never archived, and its words (German,
 * French, Italian, English) are all within Latin-1.
 */
import PDFDocument from 'pdfkit';
import { translate } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';
import type { BackupRetention } from '../../shared/contract/backupResults.js';
import { appVersion } from '../platform/version.js';

export interface SheetFacts {
  language: Language;
  practiceName: string;
  folder: string | null;
  retention: BackupRetention;
  printedAt: Date;
}

const mm = (v: number) => (v * 72) / 25.4;

export function renderEmergencySheet(f: SheetFacts): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(f.language, key, params);
  const doc = new PDFDocument({ size: 'A4', margin: mm(20), info: { Title: t('backup.sheet.title'), Producer: `Arnika ${appVersion}`, CreationDate: f.printedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - mm(40);
  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
  };
  const date = f.printedAt.toLocaleDateString(`${f.language}-CH`, { day: '2-digit', month: '2-digit', year: 'numeric' });

  doc.font('Helvetica-Bold').fontSize(18).text(t('backup.sheet.title'), { width });
  doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor('#444').text(t('backup.sheet.subtitle', { practice: f.practiceName || '–', date }), { width });
  doc.fillColor('#000');

  heading(t('backup.sheet.whereTitle'));
  if (f.folder) {
    doc.text(t('backup.sheet.where'), { width });
    doc.moveDown(0.2).font('Courier-Bold').fontSize(10).text(f.folder, { width }).font('Helvetica').fontSize(10);
  } else {
    doc.text(t('backup.sheet.whereNone'), { width });
  }
  doc.moveDown(0.3).text(t('backup.sheet.names'), { width });
  doc.moveDown(0.3).text(t('backup.sheet.kept', { daily: f.retention.daily, weekly: f.retention.weekly, monthly: f.retention.monthly }), { width });

  heading(t('backup.sheet.passphraseTitle'));
  doc.text(t('backup.sheet.passphrase'), { width });
  doc.moveDown(0.6);
  const boxTop = doc.y;
  const boxHeight = mm(30);
  doc.save().lineWidth(1).rect(doc.page.margins.left, boxTop, width, boxHeight).stroke();
  for (let i = 1; i <= 2; i++) {
    const y = boxTop + (boxHeight * i) / 3;
    doc.moveTo(doc.page.margins.left + mm(4), y).lineTo(doc.page.margins.left + width - mm(4), y).dash(2, { space: 3 }).strokeColor('#999').stroke().undash();
  }
  doc.restore();
  doc.y = boxTop + boxHeight + mm(2);
  doc.x = doc.page.margins.left;
  doc.fontSize(8).fillColor('#444').text(t('backup.sheet.passphraseKeep'), { width }).fillColor('#000').fontSize(10);

  heading(t('backup.sheet.restoreTitle'));
  for (let i = 1; i <= 5; i++) doc.text(`${i}.  ${t(`backup.sheet.restore${i}`)}`, { width, indent: 0 }).moveDown(0.2);

  heading(t('backup.sheet.secondTitle'));
  doc.text(t('backup.sheet.second'), { width });

  heading(t('backup.sheet.withoutTitle'));
  doc.text(t('backup.sheet.without'), { width });
  doc.moveDown(0.3).font('Courier').fontSize(9.5).text('age --decrypt -o arnika.sqlite Arnika-Sicherung-….arnika', { width });
  doc.font('Helvetica').fontSize(10).moveDown(0.3).text(t('backup.sheet.withoutAfter'), { width });

  // Below the bottom margin: without lifting it, pdfkit would start a second page for the footer.
  doc.page.margins.bottom = 0;
  doc.fontSize(8).fillColor('#666').text(t('backup.sheet.footer', { version: appVersion, date }), doc.page.margins.left, doc.page.height - mm(16), { width, lineBreak: false });
  doc.end();
  return done;
}
