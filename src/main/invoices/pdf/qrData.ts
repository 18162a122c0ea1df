/**
 * Owns the payment data that leaves the invoice as a machine-readable code: the swissqrbill `Data`
 * for the Swiss QR-bill (with Swico S1 billing information) and the EPC069-12 "GiroCode" payload
 * for EUR invoices. Amounts cross into floating point only here, at the very edge, and are checked
 * to round-trip to the same whole minor units.
 */
import type { Data } from 'swissqrbill/types';
import { formatRate, minorToDecimalString } from '../../../shared/money.js';
import { compact } from '../../../shared/validation/checksums.js';
import type { InvoiceSnapshot } from '../snapshot.js';
import { invoiceTexts } from './texts.js';

/**
 * swissqrbill takes the amount as a JS number and prints `amount.toFixed(2)`. Rappen / 100 is
 * exactly representable to far more than two decimals for every amount up to 999'999'999.99, but
 * we prove it for each call rather than trust it.
 */
export function minorToQrAmount(minor: number): number {
  const amount = minor / 100;
  if (amount.toFixed(2) !== minorToDecimalString(minor) || Math.round(amount * 100) !== minor) {
    throw new RangeError(`amount ${minor} does not round-trip through a float`);
  }
  return amount;
}

/** The unstructured message: "Rechnung 2026-00042". No patient data: it travels through the banks. */
export function qrMessage(s: Pick<InvoiceSnapshot, 'language' | 'currency' | 'invoiceNumber'>): string {
  return `${invoiceTexts(s.language, s.currency).invoice} ${s.invoiceNumber}`;
}

/** Swico S1 escapes "\" and "/" inside values. */
function s1Value(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\//g, '\\/');
}

/**
 * Swico S1 billing information: /10/ invoice number, /11/ invoice date (YYMMDD), /30/ the UID
 * digits when the practice has a Swiss VAT number, /32/ the VAT rate (or "rate:net;..." when
 * several rates apply). Lets the payer's accounting book the invoice automatically.
 */
export function qrAdditionalInformation(s: Pick<InvoiceSnapshot, 'invoiceNumber' | 'invoiceDate' | 'practice' | 'totals'>): string {
  const date = s.invoiceDate.slice(2, 4) + s.invoiceDate.slice(5, 7) + s.invoiceDate.slice(8, 10);
  let info = `//S1/10/${s1Value(s.invoiceNumber)}/11/${date}`;
  const uid = /^CHE-?(\d{3})\.?(\d{3})\.?(\d{3})/i.exec(s.practice.vatNumber.trim());
  if (uid) info += `/30/${uid[1]}${uid[2]}${uid[3]}`;
  const [only, ...more] = s.totals.vat;
  if (only && more.length === 0) info += `/32/${formatRate(only.rateBasisPoints)}`;
  else if (only) {
    info += `/32/${s.totals.vat.map((g) => `${formatRate(g.rateBasisPoints)}:${minorToDecimalString(g.netMinor)}`).join(';')}`;
  }
  return info;
}

/** The swissqrbill data for a CHF snapshot. Call checkPrintable first: this trusts its input. */
export function swissQrBillData(s: InvoiceSnapshot): Data {
  const { practice, recipient } = s;
  const ref = s.paymentReference;
  return {
    currency: 'CHF',
    amount: minorToQrAmount(s.totals.totalMinor),
    creditor: {
      account: compact(practice.iban),
      name: practice.name,
      address: practice.address.street,
      ...(practice.address.houseNumber !== '' ? { buildingNumber: practice.address.houseNumber } : {}),
      zip: practice.address.postalCode,
      city: practice.address.town,
      country: practice.address.country,
    },
    debtor: {
      name: recipient.nameLines[0] ?? '',
      address: recipient.address.street,
      ...(recipient.address.houseNumber !== '' ? { buildingNumber: recipient.address.houseNumber } : {}),
      zip: recipient.address.postalCode,
      city: recipient.address.town,
      country: recipient.address.country,
    },
    ...(ref.type !== 'NON' ? { reference: ref.value.replace(/\s/g, '') } : {}),
    message: qrMessage(s),
    additionalInformation: qrAdditionalInformation(s),
  };
}

/**
 * EPC069-12 version 002 payload (GiroCode / SEPA credit transfer QR), UTF-8. The remittance is
 * the unstructured message with the invoice number: every German banking app shows it as the
 * Verwendungszweck, while structured RF references are not displayed by all of them.
 */
export function epcPayload(s: InvoiceSnapshot): string {
  const lines = [
    'BCD',
    '002',
    '1', // UTF-8
    'SCT',
    compact(s.practice.bic),
    s.practice.name.slice(0, 70),
    compact(s.practice.iban),
    `EUR${minorToDecimalString(s.totals.totalMinor)}`,
    '', // purpose code
    '', // structured remittance (RF); we use the unstructured one
    qrMessage(s).slice(0, 140),
  ];
  return lines.join('\n');
}
