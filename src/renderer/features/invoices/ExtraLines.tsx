/**
 * On a draft: free positions (text, quantity, unit price, VAT rate), discounts (a percentage of the
 * positions or an amount, with a text) and the note printed above the totals. Edited here, then
 * "Übernehmen" sends them all with the draft (invoices.updateDraft); main answers with the new lines,
 * totals and problems. Leaving with changes not taken over asks first.
 */
import { useState } from 'react';
import type { ExtraLineInput, Invoice } from '../../../shared/contract/index.js';
import type { FieldError } from '../../../shared/errors.js';
import { formatMoney, formatRate } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useUnsavedGuard } from '../../app/router.js';
import { useApiMutation, useSetApiData } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, type FieldErrors } from '../../ui/form.js';
import { formatHundredths, parseHundredths, parsePrice, parseRate } from './invoiceModel.js';

interface Row {
  kind: 'free' | 'discount';
  text: string;
  quantity: string;
  price: string;
  vat: string;
  /** Discounts: a percentage or an amount. */
  mode: 'percent' | 'amount';
  value: string;
}

function fromInvoice(invoice: Invoice): Row[] {
  return invoice.extraLines.map((l) => ({
    kind: l.kind,
    text: l.text,
    quantity: l.quantityHundredths === null ? '1' : formatHundredths(l.quantityHundredths),
    price: l.unitPriceMinor === null ? '' : formatMoney(l.unitPriceMinor, invoice.currency, 'de').replace(/\u2019/g, ''),
    vat: l.vatRateBasisPoints === null ? '0' : formatRate(l.vatRateBasisPoints),
    mode: l.amountMinor !== null && l.kind === 'discount' ? 'amount' : 'percent',
    value: l.percentBasisPoints !== null ? formatRate(l.percentBasisPoints) : l.amountMinor !== null ? formatMoney(l.amountMinor, invoice.currency, 'de').replace(/\u2019/g, '') : '',
  }));
}

/** The rows as main takes them, and what the form can say about them itself. */
function toInput(rows: Row[]): { lines: ExtraLineInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const err = (i: number, field: string, key: string) => {
    const path = `extraLines.${i}.${field}`;
    errors[path] = { path, key };
  };
  const lines = rows.map((r, i): ExtraLineInput => {
    if (r.kind === 'free') {
      const quantity = parseHundredths(r.quantity);
      const price = parsePrice(r.price);
      const vat = parseRate(r.vat);
      if (Number.isNaN(quantity) || quantity <= 0) err(i, 'quantityHundredths', 'v.quantity');
      if (Number.isNaN(price)) err(i, 'unitPriceMinor', 'v.money');
      if (Number.isNaN(vat)) err(i, 'vatRateBasisPoints', 'v.number');
      return { kind: 'free', text: r.text, quantityHundredths: quantity, unitPriceMinor: price, vatRateBasisPoints: vat };
    }
    const value = r.mode === 'percent' ? parseRate(r.value) : parsePrice(r.value);
    const field = r.mode === 'percent' ? 'percentBasisPoints' : 'amountMinor';
    if (Number.isNaN(value) || value <= 0) err(i, field, r.mode === 'percent' ? 'v.percent' : 'v.discount_amount');
    return { kind: 'discount', text: r.text, percentBasisPoints: r.mode === 'percent' ? value : null, amountMinor: r.mode === 'amount' ? value : null };
  });
  return { lines, errors };
}

const blank = (kind: Row['kind'], text: string): Row => ({ kind, text, quantity: '1', price: '', vat: '0', mode: 'percent', value: '' });

export function ExtraLines({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const setData = useSetApiData();
  const update = useApiMutation('invoices.updateDraft', { invalidates: ['invoices.list'] });
  const [rows, setRows] = useState<Row[]>(() => fromInvoice(invoice));
  const [note, setNote] = useState(invoice.note);
  const [saved, setSaved] = useState(() => JSON.stringify([fromInvoice(invoice), invoice.note]));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const dirty = JSON.stringify([rows, note]) !== saved;
  useUnsavedGuard(dirty);

  const change = (i: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    // What was said about this line no longer applies once it is edited.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => !path.startsWith(`extraLines.${i}.`))));
  };

  async function apply() {
    setBanner(null);
    const { lines, errors: client } = toInput(rows);
    if (Object.keys(client).length > 0) return setErrors(client);
    const result = await update.run({ id: invoice.id, draft: { consultationIds: invoice.consultationIds, extraLines: lines, note } });
    if (!result.ok) {
      setBanner(errorText(t, result.error));
      return setErrors(fieldErrorsFrom(result.error, 'draft'));
    }
    setErrors({});
    setData('invoices.get', { id: invoice.id }, result.data);
    setSaved(JSON.stringify([rows, note]));
  }

  const fieldError = (i: number, field: string): FieldError | undefined => errors[`extraLines.${i}.${field}`];
  return (
    <section className="card draft-card" aria-labelledby="extra-lines-title">
      <h2 id="extra-lines-title" className="card-title">{t('extra.title')}</h2>
      <p className="muted small">{t('extra.intro')}</p>
      {banner && <Alert>{banner}</Alert>}
      {rows.length > 0 && (
        <ul className="extra-lines">
          {rows.map((r, i) => {
            const n = i + 1;
            const id = (field: string) => `extra-${i}-${field}`;
            // A line's messages go below the whole line, so the fields stay in one row.
            const messages: { id: string; error: FieldError }[] = [];
            const input = (field: string, label: string, value: string, set: (v: string) => void, opts: { wide?: boolean; numeric?: boolean; errorField?: string } = {}) => {
              const error = fieldError(i, opts.errorField ?? field);
              if (error) messages.push({ id: `${id(field)}-error`, error });
              return (
                <div className={`extra-cell${opts.wide ? ' extra-wide' : ''}${error ? ' has-error' : ''}`}>
                  <label htmlFor={id(field)} className="small muted">{label}</label>
                  <input {...controlA11y(id(field), error, undefined)} className="input" value={value} autoComplete="off" inputMode={opts.numeric ? 'decimal' : undefined} onChange={(e) => set(e.target.value)} />
                </div>
              );
            };
            return (
              <li key={i} className={`extra-line extra-${r.kind}`} role="group" aria-label={t(r.kind === 'free' ? 'extra.freeN' : 'extra.discountN', { n })}>
                <span className="badge flush badge-muted extra-kind">{t(r.kind === 'free' ? 'extra.free' : 'extra.discount')}</span>
                {input('text', t('extra.text'), r.text, (v) => change(i, { text: v }), { wide: true })}
                {r.kind === 'free' ? (
                  <>
                    {input('quantity', t('extra.quantity'), r.quantity, (v) => change(i, { quantity: v }), { numeric: true, errorField: 'quantityHundredths' })}
                    {input('price', t('extra.unitPrice'), r.price, (v) => change(i, { price: v }), { numeric: true, errorField: 'unitPriceMinor' })}
                    {input('vat', t('extra.vat'), r.vat, (v) => change(i, { vat: v }), { numeric: true, errorField: 'vatRateBasisPoints' })}
                  </>
                ) : (
                  <>
                    <div className="extra-cell">
                      <label htmlFor={id('mode')} className="small muted">{t('extra.mode')}</label>
                      <select id={id('mode')} className="input select" value={r.mode} onChange={(e) => change(i, { mode: e.target.value as Row['mode'] })}>
                        <option value="percent">{t('extra.percent')}</option>
                        <option value="amount">{t('extra.amount')}</option>
                      </select>
                    </div>
                    {input('value', r.mode === 'percent' ? t('extra.percentValue') : t('extra.amountValue'), r.value, (v) => change(i, { value: v }), {
                      numeric: true, errorField: r.mode === 'percent' ? 'percentBasisPoints' : 'amountMinor',
                    })}
                  </>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('extra.remove', { n })}
                  title={t('extra.remove', { n })}
                  onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                >
                  <Icon name="x" size={16} />
                </button>
                {messages.length > 0 && (
                  <div className="extra-errors">
                    {messages.map((m) => (
                      <p key={m.id} className="field-error" id={m.id}>{t.message(m.error)}</p>
                    ))}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="chip-row">
        <button type="button" className="button small" onClick={() => setRows((rs) => [...rs, blank('free', '')])}>
          <Icon name="plus" size={16} />
          {t('extra.addFree')}
        </button>
        <button type="button" className="button small" onClick={() => setRows((rs) => [...rs, blank('discount', t('extra.discountText'))])}>
          <Icon name="plus" size={16} />
          {t('extra.addDiscount')}
        </button>
      </div>
      <div className={`field extra-note${errors.note ? ' has-error' : ''}`}>
        <div className="label-row">
          <label htmlFor="draft-note">{t('extra.note')}</label>
        </div>
        <textarea {...controlA11y('draft-note', errors.note, 'x')} className="input textarea" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        <p className="field-hint" id="draft-note-hint">{t('extra.noteHint')}</p>
        {errors.note && <p className="field-error" id="draft-note-error">{t.message(errors.note)}</p>}
      </div>
      <div className="form-actions">
        {dirty && <span className="muted dirty-note">{t('form.unsaved')}</span>}
        <button type="button" className="button primary" disabled={!dirty || update.isPending} onClick={() => void apply()}>
          {t('extra.apply')}
        </button>
      </div>
    </section>
  );
}
