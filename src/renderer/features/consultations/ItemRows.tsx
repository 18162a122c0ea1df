/**
 * Rows of services with quantities, used by consultations and consultation templates. A
 * per-5-minute service has no quantity of its own: it shows the quantity that follows from the
 * duration. Each row's controls carry a label ("Leistung (1)") and their field errors.
 */
import type { Service } from '../../../shared/contract/index.js';
import type { FieldError } from '../../../shared/errors.js';
import { formatMoneyWithCurrency, lineAmount } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import type { FieldErrors } from '../../ui/form.js';
import { useT } from '../../app/i18n.js';
import { formatHundredths, parseHundredths, quantityForDuration } from '../invoices/invoiceModel.js';
import { controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';

export interface ItemRow {
  serviceId: string;
  /** As typed, e.g. "1" or "1.5"; ignored for per-5-minute services. */
  quantity: string;
}

interface ItemRowsProps {
  scope: string;
  label: string;
  rows: ItemRow[];
  onChange(rows: ItemRow[]): void;
  services: Service[];
  durationMinutes: number;
  errors: FieldErrors;
  currency: Currency;
  /** Prices recorded on an existing consultation, by service id (kept when it is edited). */
  recordedPrices?: Map<string, number>;
  readOnly?: boolean;
  /** Shows the amount per row and the sum. */
  amounts?: boolean;
}

export const emptyRow = (): ItemRow => ({ serviceId: '', quantity: '1' });

/** The quantity in hundredths a row stands for (derived for per-5-minute services). */
export function rowQuantity(row: ItemRow, service: Service | undefined, durationMinutes: number): number {
  if (service?.unit === 'min5') return Number.isNaN(durationMinutes) ? Number.NaN : quantityForDuration(durationMinutes);
  return parseHundredths(row.quantity);
}

/** Rows without a service and quantities that are not numbers, said before main is asked. */
export function itemErrors(rows: ItemRow[], byId: Map<string, Service>, duration: number): FieldErrors {
  const out: FieldErrors = {};
  rows.forEach((row, i) => {
    if (row.serviceId === '') out[`items.${i}.serviceId`] = { path: `items.${i}.serviceId`, key: 'v.choice' };
    const s = byId.get(row.serviceId);
    if (s && s.unit !== 'min5' && Number.isNaN(rowQuantity(row, s, duration))) {
      out[`items.${i}.quantityHundredths`] = { path: `items.${i}.quantityHundredths`, key: 'v.quantity' };
    }
  });
  return out;
}

/** Items as main takes them; per-5-minute rows carry the quantity that follows from the duration. */
export function toItems(rows: ItemRow[], byId: Map<string, Service>, duration: number) {
  return rows.map((row) => {
    const s = byId.get(row.serviceId);
    const q = rowQuantity(row, s, duration);
    return { serviceId: row.serviceId, quantityHundredths: s?.unit === 'min5' ? Math.max(100, Number.isNaN(q) ? 100 : q) : q };
  });
}

export function ItemRows({ scope, label, rows, onChange, services, durationMinutes, errors, currency, recordedPrices, readOnly, amounts }: ItemRowsProps) {
  const t = useT();
  const byId = new Map(services.map((s) => [s.id, s]));
  const update = (i: number, patch: Partial<ItemRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const listError = errors.items;
  let sum = 0;
  let sumKnown = true;

  return (
    <div className="item-rows span-6" role="group" aria-labelledby={`${scope}-items-label`}>
      <div className="visually-hidden" id={`${scope}-items-label`}>
        {label}
      </div>
      <div className={amounts ? 'item-row item-head with-amount' : 'item-row item-head'} aria-hidden="true">
        <span>{t('items.service')}</span>
        <span>{t('items.quantity')}</span>
        {amounts && <span className="num">{t('items.amount')}</span>}
        <span />
      </div>
      {rows.map((row, i) => {
        const service = byId.get(row.serviceId);
        const quantity = rowQuantity(row, service, durationMinutes);
        const price = recordedPrices?.get(row.serviceId) ?? service?.priceMinor;
        const amount = price !== undefined && Number.isInteger(quantity) && quantity > 0 ? lineAmount(quantity, price) : null;
        if (amount === null) sumKnown = false;
        else sum += amount;
        const serviceId = `${scope}-items-${i}-serviceId`;
        const quantityId = `${scope}-items-${i}-quantity`;
        const serviceError: FieldError | undefined = errors[`items.${i}.serviceId`] ?? errors[`items.${i}`];
        const quantityError: FieldError | undefined = errors[`items.${i}.quantityHundredths`];
        const options = services.filter((s) => s.active || s.id === row.serviceId);
        const n = i + 1;
        return (
          <div key={i} className={amounts ? 'item-row with-amount' : 'item-row'}>
            <div className="item-cell">
              <label htmlFor={serviceId} className="visually-hidden">
                {t('items.serviceN', { n })}
              </label>
              <select
                {...controlA11y(serviceId, serviceError, undefined)}
                className="input select"
                value={row.serviceId}
                disabled={readOnly}
                onChange={(e) => update(i, { serviceId: e.target.value })}
              >
                <option value="">{t('form.choose')}</option>
                {options.map((s) => (
                  <option key={s.id} value={s.id}>
                    {`${s.code ? `${s.code} · ` : ''}${s.names.de}`}
                  </option>
                ))}
              </select>
              {service && !serviceError && (
                <p className="muted small">
                  {formatMoneyWithCurrency(price ?? service.priceMinor, currency, t.lang)} {t(`unit.${service.unit}`)}
                  {!service.active && ` · ${t('services.inactive')}`}
                </p>
              )}
              {serviceError && (
                <p className="field-error" id={`${serviceId}-error`}>
                  {t.message(serviceError)}
                </p>
              )}
            </div>
            <div className="item-cell">
              {service?.unit === 'min5' ? (
                <p className="derived" id={quantityId}>
                  {Number.isNaN(quantity) ? '–' : t('items.derived', { count: formatHundredths(quantity) })}
                  <span className="muted small">{t('items.fromDuration')}</span>
                </p>
              ) : (
                <>
                  <label htmlFor={quantityId} className="visually-hidden">
                    {t('items.quantityN', { n })}
                  </label>
                  <input
                    {...controlA11y(quantityId, quantityError, undefined)}
                    className="input quantity-input"
                    inputMode="decimal"
                    autoComplete="off"
                    value={row.quantity}
                    disabled={readOnly}
                    onChange={(e) => update(i, { quantity: e.target.value })}
                  />
                  {quantityError && (
                    <p className="field-error" id={`${quantityId}-error`}>
                      {t.message(quantityError)}
                    </p>
                  )}
                </>
              )}
            </div>
            {amounts && <div className="item-cell num amount">{amount === null ? '–' : formatMoneyWithCurrency(amount, currency, t.lang)}</div>}
            <div className="item-cell">
              {!readOnly && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('items.remove', { n })}
                  title={t('items.remove', { n })}
                  disabled={rows.length === 1}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  <Icon name="x" size={16} />
                </button>
              )}
            </div>
          </div>
        );
      })}
      {listError && <p className="field-error">{t.message(listError)}</p>}
      <div className="item-foot">
        {!readOnly && (
          <button type="button" className="button small" onClick={() => onChange([...rows, emptyRow()])}>
            <Icon name="plus" size={16} />
            {t('items.add')}
          </button>
        )}
        {amounts && (
          <p className="item-sum">
            <span className="muted">{t('items.sum')}</span>
            <strong>{sumKnown ? formatMoneyWithCurrency(sum, currency, t.lang) : '–'}</strong>
          </p>
        )}
      </div>
    </div>
  );
}
