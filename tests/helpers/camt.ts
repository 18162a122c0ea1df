/**
 * Builds bank files as a Swiss bank would deliver them for the app's own issued invoices: camt.054
 * (debit/credit notification) and camt.053 (account statement), each in versions .001.04 and
 * .001.08, with batches (one entry, many transactions), partial and overpayments, reversals
 * (DBIT with RvslInd=true), pending entries, lines without a reference, debits, entries whose details
 * do not add up (counter fees) and batches delivered without details. What it builds validates
 * against the official ISO 20022 schemas (tests/integration/camt-builder.test.ts checks with xmllint).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { minorToDecimalString } from '../../src/shared/money.js';
import { tempDir } from './tempDir.js';

export interface CamtTx {
  amountMinor: number;
  currency?: 'CHF' | 'EUR';
  /** QRR (27 digits) or SCOR (RF...); null: the line has no structured reference. */
  reference?: { type: 'QRR' | 'SCOR'; value: string } | null;
  debtorName?: string;
  /** The bank's reference of the transaction (TxDtls/Refs/AcctSvcrRef): what identifies it across files. */
  bankRef?: string;
  endToEndId?: string;
  /** Debit instead of credit (a charge, an outgoing payment). */
  debit?: boolean;
}

export interface CamtEntryInput {
  transactions: CamtTx[];
  /** Undoes an earlier credit: DBIT with RvslInd=true. */
  reversal?: boolean;
  status?: 'BOOK' | 'PDNG';
  bookingDate?: string;
  /** The entry's amount when it differs from the sum of its transactions (counter fees). */
  entryAmountMinor?: number;
  /** Only the entry's total, without TxDtls (a bank that delivers daily totals). */
  withoutDetails?: boolean;
  /** The QR-IBAN in NtryRef, as Swiss banks report QR payments. */
  entryRef?: string;
}

export interface CamtFileInput {
  message: 'camt.054' | 'camt.053';
  version: '04' | '08';
  /** The account IBAN (no spaces). */
  account: string;
  entries: CamtEntryInput[];
  messageId?: string;
  /** ISO date of the file. */
  date?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let counter = 0;
/** A bank reference as banks make them (unique per transaction). */
export function nextBankRef(prefix = 'ZKB'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${String(counter).padStart(6, '0')}`;
}

function bkTxCd(credit: boolean): string {
  return `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${credit ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>${credit ? 'VCOM' : 'AUTT'}</SubFmlyCd></Fmly></Domn></BkTxCd>`;
}

function reference(tx: CamtTx): string {
  if (!tx.reference) return '';
  const tp = tx.reference.type === 'QRR' ? '<Prtry>QRR</Prtry>' : '<Cd>SCOR</Cd>';
  return `<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>${tp}</CdOrPrtry></Tp><Ref>${esc(tx.reference.value)}</Ref></CdtrRefInf></Strd></RmtInf>`;
}

function party(name: string | undefined, version: '04' | '08'): string {
  if (!name) return '';
  const nm = `<Nm>${esc(name)}</Nm>`;
  return `<RltdPties><Dbtr>${version === '08' ? `<Pty>${nm}</Pty>` : nm}</Dbtr></RltdPties>`;
}

function txDetails(tx: CamtTx, version: '04' | '08', cd: 'CRDT' | 'DBIT'): string {
  const ccy = tx.currency ?? 'CHF';
  const refs = tx.bankRef || tx.endToEndId
    ? `<Refs>${tx.bankRef ? `<AcctSvcrRef>${esc(tx.bankRef)}</AcctSvcrRef>` : ''}${tx.endToEndId ? `<EndToEndId>${esc(tx.endToEndId)}</EndToEndId>` : ''}</Refs>`
    : '';
  return `<TxDtls>${refs}<Amt Ccy="${ccy}">${minorToDecimalString(tx.amountMinor)}</Amt><CdtDbtInd>${cd}</CdtDbtInd>${party(tx.debtorName, version)}${reference(tx)}</TxDtls>`;
}

function entry(e: CamtEntryInput, version: '04' | '08', date: string): string {
  const debitLike = e.reversal || e.transactions.every((t) => t.debit);
  const cd = debitLike ? 'DBIT' : 'CRDT';
  const ccy = e.transactions[0]?.currency ?? 'CHF';
  const sum = e.entryAmountMinor ?? e.transactions.reduce((s, t) => s + t.amountMinor, 0);
  const status = e.status ?? 'BOOK';
  const sts = version === '08' ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`;
  const booked = e.bookingDate ?? date;
  const details = e.withoutDetails
    ? `<NtryDtls><Btch><NbOfTxs>${e.transactions.length}</NbOfTxs></Btch></NtryDtls>`
    : `<NtryDtls>${e.transactions.length > 1 ? `<Btch><NbOfTxs>${e.transactions.length}</NbOfTxs></Btch>` : ''}${e.transactions.map((t) => txDetails(t, version, cd)).join('')}</NtryDtls>`;
  return `<Ntry>${e.entryRef ? `<NtryRef>${esc(e.entryRef)}</NtryRef>` : ''}<Amt Ccy="${ccy}">${minorToDecimalString(sum)}</Amt><CdtDbtInd>${cd}</CdtDbtInd>`
    + `${e.reversal ? '<RvslInd>true</RvslInd>' : ''}${sts}${status === 'BOOK' ? `<BookgDt><Dt>${booked}</Dt></BookgDt>` : ''}<ValDt><Dt>${booked}</Dt></ValDt>`
    + `<AcctSvcrRef>${esc(nextBankRef('NTRY'))}</AcctSvcrRef>${bkTxCd(!debitLike)}${details}</Ntry>`;
}

/** The XML of a camt.054 or camt.053 file. */
export function buildCamt(input: CamtFileInput): string {
  const date = input.date ?? '2026-11-20';
  const ns = `urn:iso:std:iso:20022:tech:xsd:${input.message}.001.${input.version}`;
  const msgId = input.messageId ?? nextBankRef('MSG');
  const head = `<GrpHdr><MsgId>${esc(msgId)}</MsgId><CreDtTm>${date}T18:00:00</CreDtTm></GrpHdr>`;
  const acct = `<Acct><Id><IBAN>${esc(input.account)}</IBAN></Id></Acct>`;
  const entries = input.entries.map((e) => entry(e, input.version, date)).join('');
  const body = input.message === 'camt.054'
    ? `<BkToCstmrDbtCdtNtfctn>${head}<Ntfctn><Id>${esc(msgId)}-1</Id><CreDtTm>${date}T18:00:00</CreDtTm>${acct}${entries}</Ntfctn></BkToCstmrDbtCdtNtfctn>`
    : `<BkToCstmrStmt>${head}<Stmt><Id>${esc(msgId)}-1</Id><CreDtTm>${date}T18:00:00</CreDtTm>${acct}`
      + `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>${entries}</Stmt></BkToCstmrStmt>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</Document>\n`;
}

/** A credit paying `amountMinor` on an invoice with this reference (SCOR for RF..., else QRR). */
export function paymentOf(invoice: { paymentReference: string | null }, amountMinor: number, extra: Partial<CamtTx> = {}): CamtTx {
  const ref = invoice.paymentReference;
  return {
    amountMinor,
    reference: ref ? { type: ref.startsWith('RF') ? 'SCOR' : 'QRR', value: ref } : null,
    debtorName: 'Anna Muster',
    bankRef: nextBankRef(),
    ...extra,
  };
}

const run = promisify(execFile);

/** Whether xmllint (libxml2-utils) is installed. */
export async function hasXmllint(): Promise<boolean> {
  try {
    await run('xmllint', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** The shared bank samples and the ISO schemas (ARNIKA_CAMT_DIR overrides where they are). */
export const camtDataDir = process.env.ARNIKA_CAMT_DIR ?? '/work/shared/data/camt';
export const camtXsdDir = join(camtDataDir, 'xsd');

/** Validates XML against the ISO schema with xmllint; resolves with its complaints ('' when valid). */
export async function validateCamt(xml: string, message: 'camt.054' | 'camt.053', version: '04' | '08', xsdDir = camtXsdDir): Promise<string> {
  const file = join(tempDir('arnika-camt-'), `${message}.${version}.xml`);
  await writeFile(file, xml);
  try {
    await run('xmllint', ['--noout', '--nonet', '--schema', join(xsdDir, `${message}.001.${version}.xsd`), file]);
    return '';
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}
