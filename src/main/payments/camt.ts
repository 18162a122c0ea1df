/**
 * Owns reading ISO 20022 bank files as Swiss banks deliver them (Swiss Payment Standards): the
 * debit/credit notification camt.054 and the account statement camt.053, versions .001.04 and
 * .001.08 (other .001.xx versions have the same paths and are read the same way). The result is one
 * line per transaction (`TxDtls`), not per entry: a batch booking carries many.
 *
 * What a naive reader gets wrong, and this one does not:
 * - A file with a DOCTYPE or ENTITY declaration is refused before it is parsed (entity expansion).
 * - fast-xml-parser's defaults turn a 27-digit reference into a float and drop leading zeros and the
 *   currency attribute: values stay text (`parseTagValue: false`), attributes are read
 *   (`ignoreAttributes: false`), namespace prefixes go (`removeNSPrefix: true`).
 * - Amounts are decimal text turned into integer Rappen by string arithmetic, never floats.
 * - A line may have no `CdtrRefInf` at all, or a reference without a type.
 * - Only booked entries (`BOOK`) are final; `RvslInd=true` reverses an earlier booking.
 * - Post-office counter fees: the transaction details may not sum to the entry amount.
 * - Some banks deliver only daily totals (a batch entry without `TxDtls`).
 * - A truncated download still "parses" (the library does not insist on closing tags): a file must
 *   end with its `</Document>`.
 */
import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../shared/errors.js';

export type CamtMessage = 'camt.053' | 'camt.054';

export interface CamtLine {
  /** 0-based position in the file (over all entries and their details). */
  position: number;
  /** Which entry (`Ntry`) of the file it belongs to, 0-based. */
  entry: number;
  /** The account of the statement or notification it was booked to. */
  accountIban: string | null;
  /** `NtryRef`: Swiss banks put the QR-IBAN there for QR payments. */
  entryRef: string | null;
  /** BOOK, PDNG, INFO (or whatever the bank wrote). */
  status: string;
  creditDebit: 'CRDT' | 'DBIT';
  /** `RvslInd=true`: the entry undoes an earlier booking. */
  reversal: boolean;
  amountMinor: number;
  currency: string;
  bookingDate: string | null;
  valueDate: string | null;
  /** The bank's own reference of the transaction (`TxDtls/Refs/AcctSvcrRef`), else of the entry. */
  bankRef: string | null;
  endToEndId: string | null;
  instructionId: string | null;
  /** The structured creditor reference, spaces removed; null when the line has none. */
  reference: string | null;
  /** QRR, SCOR, ISR Reference, ... as the file names it; null when the reference has no type. */
  referenceType: string | null;
  debtorName: string | null;
  /** The unstructured message (`Ustrd`), if any. */
  message: string | null;
  /** The entry is a batch the bank delivered without its details: this line is the whole entry. */
  batchWithoutDetails: boolean;
}

/** An entry whose details do not add up to it (counter fees), shown with the difference. */
export interface CamtEntryDifference {
  entry: number;
  entryAmountMinor: number;
  detailsMinor: number;
  currency: string;
}

export interface CamtFile {
  message: CamtMessage;
  /** '04', '08', ... */
  version: string;
  messageId: string;
  createdAt: string | null;
  /** Every IBAN the file names as the account or as the entry's QR-IBAN (NtryRef). */
  accounts: string[];
  lines: CamtLine[];
  differences: CamtEntryDifference[];
  /** Entries that are batches without details (only daily totals): the bank must deliver details. */
  batchesWithoutDetails: number;
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are refused before parsing; the five XML ones (&amp; ...) are still read.
  htmlEntities: false,
});

type Node = Record<string, unknown>;

function refused(code: 'payments.bank_file_doctype' | 'payments.bank_file_not_camt' | 'payments.bank_file_truncated' | 'payments.bank_file_invalid' | 'payments.bank_file_encoding', message: string, details?: Record<string, string | number>): AppError {
  return new AppError(code, message, details);
}

/** The bytes as text: UTF-8 (what the standard prescribes), without a byte-order mark. */
export function decodeBankFile(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refused('payments.bank_file_encoding', 'The file is not UTF-8 text');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Refuses DOCTYPE and ENTITY declarations anywhere in the file, before any parser sees it. */
export function refuseDeclarations(text: string): void {
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(text)) {
    throw refused('payments.bank_file_doctype', 'The file declares a DOCTYPE or ENTITY; bank files never do');
  }
}

const namespacePattern = /urn:iso:std:iso:20022:tech:xsd:(camt\.05[2-4])\.001\.(\d{2})/;

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return null;
}

/** The first child called `key` (a repeated element: its first). */
function child(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  const v = (node as Node)[key];
  return Array.isArray(v) ? v[0] : v;
}

// Fixed arities rather than a rest parameter: these run a dozen times for each of 10,000 lines.
function at(node: unknown, a: string, b?: string, c?: string, d?: string, e?: string): unknown {
  let current = child(node, a);
  if (b !== undefined) current = child(current, b);
  if (c !== undefined) current = child(current, c);
  if (d !== undefined) current = child(current, d);
  if (e !== undefined) current = child(current, e);
  return current;
}

function text(node: unknown, a: string, b?: string, c?: string, d?: string, e?: string): string | null {
  const v = str(at(node, a, b, c, d, e));
  return v === '' ? null : v;
}

function list(node: unknown, key: string): Node[] {
  if (node === null || typeof node !== 'object') return [];
  const v = (node as Node)[key];
  if (v === undefined || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => x !== null && typeof x === 'object');
}

/**
 * "1692.22", "184", "0.5" -> Rappen. More than two decimals are refused unless they are zeros
 * (ISO allows five; CHF and EUR have two). Never through a float.
 */
export function decimalToMinor(value: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  const fraction = (m[2] ?? '').padEnd(5, '0');
  if (!/^\d{2}000$/.test(fraction)) return null;
  return Number(m[1]) * 100 + Number(fraction.slice(0, 2));
}

/** `where` names the element for the message, made only when it is needed. */
function amountOf(node: unknown, where: () => string): { minor: number; currency: string } {
  const amt = child(node, 'Amt');
  const raw = str(amt);
  const currency = amt && typeof amt === 'object' ? String((amt as Node)['@_Ccy'] ?? '') : '';
  const minor = raw === null ? null : decimalToMinor(raw);
  if (minor === null || currency.length !== 3) {
    const w = where();
    throw refused('payments.bank_file_invalid', `Amount "${raw ?? ''}" of ${w} cannot be read`, { where: w, amount: raw ?? '' });
  }
  return { minor, currency };
}

function dateOf(node: unknown, key: 'BookgDt' | 'ValDt'): string | null {
  const d = text(node, key, 'Dt') ?? text(node, key, 'DtTm');
  return d ? d.slice(0, 10) : null;
}

/** `<Sts>BOOK</Sts>` (.04) or `<Sts><Cd>BOOK</Cd></Sts>` (.08). */
function statusOf(entry: Node): string {
  return text(entry, 'Sts', 'Cd') ?? text(entry, 'Sts') ?? 'BOOK';
}

function creditDebit(node: unknown, fallback: 'CRDT' | 'DBIT' | null, where: string): 'CRDT' | 'DBIT' {
  const v = text(node, 'CdtDbtInd') ?? fallback;
  if (v !== 'CRDT' && v !== 'DBIT') throw refused('payments.bank_file_invalid', `${where} has no credit/debit indicator`, { where });
  return v;
}

const ibanShape = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const compactIban = (s: string | null) => (s ? s.replace(/\s/g, '').toUpperCase() : null);

/** The structured reference of a transaction: the first `CdtrRefInf` that has one. */
function referenceOf(tx: Node): { reference: string | null; type: string | null } {
  for (const strd of list(at(tx, 'RmtInf'), 'Strd')) {
    const ref = text(strd, 'CdtrRefInf', 'Ref');
    if (ref) {
      const type = text(strd, 'CdtrRefInf', 'Tp', 'CdOrPrtry', 'Cd') ?? text(strd, 'CdtrRefInf', 'Tp', 'CdOrPrtry', 'Prtry');
      return { reference: ref.replace(/\s/g, '').toUpperCase(), type };
    }
  }
  return { reference: null, type: null };
}

/** The payer: `RltdPties/Dbtr/Nm` (.04) or `RltdPties/Dbtr/Pty/Nm` (.08). */
function debtorOf(tx: Node): string | null {
  return text(tx, 'RltdPties', 'Dbtr', 'Nm') ?? text(tx, 'RltdPties', 'Dbtr', 'Pty', 'Nm');
}

function messageOf(tx: Node): string | null {
  const parts = list(tx, 'RmtInf').flatMap((r) => (Array.isArray(r.Ustrd) ? r.Ustrd : r.Ustrd ? [r.Ustrd] : []).map((u) => str(u) ?? ''));
  const joined = parts.filter((p) => p !== '').join(' ');
  return joined === '' ? null : joined;
}

/**
 * Reads a camt.053 or camt.054 file. Refuses (AppError with a payments.bank_file_* code) what is
 * not one, is cut off, or declares a DOCTYPE; a file with nothing in it gives no lines.
 */
export function parseCamt(input: string): CamtFile {
  refuseDeclarations(input);
  const ns = namespacePattern.exec(input.slice(0, 4096));
  if (ns && ns[1] === 'camt.052') {
    throw refused('payments.bank_file_not_camt', 'camt.052 is an intraday report, not a notification or statement', { found: 'camt.052' });
  }
  if (!/(<\/(?:\w+:)?Document>|<(?:\w+:)?Document\b[^<>]*\/>)\s*$/.test(input.slice(-2000))) {
    throw refused('payments.bank_file_truncated', 'The file does not end with </Document>: it is cut off or not a bank file');
  }
  let doc: Node;
  try {
    doc = parser.parse(input) as Node;
  } catch (err) {
    throw refused('payments.bank_file_invalid', `The XML cannot be read: ${(err as Error).message}`);
  }
  const root = at(doc, 'Document') as Node | undefined;
  const notification = root && typeof root === 'object' ? (root.BkToCstmrDbtCdtNtfctn as Node | undefined) : undefined;
  const statement = root && typeof root === 'object' ? (root.BkToCstmrStmt as Node | undefined) : undefined;
  const message: CamtMessage | null = notification ? 'camt.054' : statement ? 'camt.053' : null;
  const body = notification ?? statement;
  if (!message || !body || typeof body !== 'object') {
    throw refused('payments.bank_file_not_camt', 'The file is not a camt.053 or camt.054 bank file', { found: Object.keys(root ?? {}).filter((k) => !k.startsWith('@_'))[0] ?? '' });
  }
  const reports = list(body, message === 'camt.054' ? 'Ntfctn' : 'Stmt');
  if (reports.length === 0) {
    throw refused('payments.bank_file_invalid', `The file has no ${message === 'camt.054' ? 'notification (Ntfctn)' : 'statement (Stmt)'}`, { where: message === 'camt.054' ? 'Ntfctn' : 'Stmt' });
  }

  const lines: CamtLine[] = [];
  const differences: CamtEntryDifference[] = [];
  const accounts = new Set<string>();
  let batchesWithoutDetails = 0;
  let entryIndex = 0;
  for (const report of reports) {
    const accountIban = compactIban(text(report, 'Acct', 'Id', 'IBAN'));
    if (accountIban) accounts.add(accountIban);
    for (const entry of list(report, 'Ntry')) {
      const e = entryIndex++;
      const where = `Ntry ${e + 1}`;
      const { minor: entryMinor, currency: entryCurrency } = amountOf(entry, () => where);
      const entryCd = creditDebit(entry, null, where);
      const reversal = text(entry, 'RvslInd') === 'true';
      const status = statusOf(entry);
      const entryRef = text(entry, 'NtryRef');
      const qrIban = compactIban(entryRef);
      if (qrIban && ibanShape.test(qrIban)) accounts.add(qrIban);
      const bookingDate = dateOf(entry, 'BookgDt');
      const valueDate = dateOf(entry, 'ValDt');
      const entryBankRef = text(entry, 'AcctSvcrRef');
      const details = list(entry, 'NtryDtls').flatMap((d) => list(d, 'TxDtls'));
      const base = { entry: e, accountIban, entryRef, status, reversal, bookingDate, valueDate };
      if (details.length === 0) {
        const declared = Number(text(entry, 'NtryDtls', 'Btch', 'NbOfTxs') ?? '1');
        const batch = declared > 1;
        if (batch) batchesWithoutDetails++;
        lines.push({
          ...base, position: lines.length, creditDebit: entryCd, amountMinor: entryMinor, currency: entryCurrency,
          bankRef: entryBankRef, endToEndId: null, instructionId: null, reference: null, referenceType: null,
          debtorName: null, message: text(entry, 'AddtlNtryInf'), batchWithoutDetails: batch,
        });
        continue;
      }
      let sum = 0;
      let sameCurrency = true;
      details.forEach((tx, i) => {
        const { minor, currency } = amountOf(tx, () => `${where}, TxDtls ${i + 1}`);
        sum += minor;
        sameCurrency &&= currency === entryCurrency;
        const { reference, type } = referenceOf(tx);
        const refs = child(tx, 'Refs');
        lines.push({
          position: lines.length,
          entry: e,
          accountIban,
          entryRef,
          status,
          // What was booked on the account is the entry's direction; a detail saying otherwise is not believed.
          creditDebit: entryCd,
          reversal,
          amountMinor: minor,
          currency,
          bookingDate,
          valueDate,
          bankRef: text(refs, 'AcctSvcrRef') ?? (details.length === 1 ? entryBankRef : null),
          endToEndId: nonPlaceholder(text(refs, 'EndToEndId')),
          instructionId: text(refs, 'InstrId'),
          reference,
          referenceType: type,
          debtorName: debtorOf(tx),
          message: messageOf(tx),
          batchWithoutDetails: false,
        });
      });
      // Details in another currency than the entry (exchanged) cannot be compared with it.
      if (sameCurrency && sum !== entryMinor) differences.push({ entry: e, entryAmountMinor: entryMinor, detailsMinor: sum, currency: entryCurrency });
    }
  }
  return {
    message,
    version: ns?.[2] ?? '',
    messageId: text(body, 'GrpHdr', 'MsgId') ?? '',
    createdAt: text(body, 'GrpHdr', 'CreDtTm'),
    accounts: [...accounts],
    lines,
    differences,
    batchesWithoutDetails,
  };
}

/** "NOTPROVIDED" is what a payer's bank writes when there was no end-to-end id: not an id. */
function nonPlaceholder(value: string | null): string | null {
  return value === null || value.toUpperCase() === 'NOTPROVIDED' ? null : value;
}

/**
 * What identifies a bank line across files, so that re-reading a file, or a camt.053 that overlaps
 * a camt.054 already read, books nothing twice: the bank's transaction reference where it gives one,
 * else the payment's own references, with amount, date and direction. Lines that are identical in
 * every respect get their occurrence number (the second of two equal payments is a second payment).
 */
export function bankKeys(lines: readonly CamtLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const direction = l.reversal ? 'R' : l.creditDebit === 'CRDT' ? 'C' : 'D';
    const base = l.bankRef
      ? `bank:${l.bankRef}|${direction}|${l.amountMinor}${l.currency}`
      : `tx:${l.endToEndId ?? ''}|${l.instructionId ?? ''}|${l.reference ?? ''}|${direction}|${l.amountMinor}${l.currency}|${l.bookingDate ?? l.valueDate ?? ''}|${l.debtorName ?? ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
