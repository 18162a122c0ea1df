/**
 * Rows of services with quantities, used by consultations and consultation templates. A
 * per-5-minute service has its own minutes instead of a quantity (its quantity follows from them:
 * every started 5 minutes); the first one starts with the consultation's duration, and the rows say
 * how the duration is spread ("30 von 50 Minuten verteilt"), warning without refusing when the
 * minutes add up to more or less. Each row's controls carry a label ("Leistung (1)") and their
 * field errors.
 */
import '../invoices/billing.css';
import type { Service } from '../../../shared/contract/index.js';
import type { FieldError } from '../../../shared/errors.js';
import { formatMoneyWithCurrency, lineAmount } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import type { FieldErrors } from '../../ui/form.js';
import { useT } from '../../app/i18n.js';
import { minutesSplit, prefillMinutes, quantityForMinutes } from '../../../shared/billing/rules.js';
import { formatHundredths, parseHundredths, parseMinutes } from '../invoices/invoiceModel.js';
import { controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';

export interface ItemRow {
  serviceId: string;
  /** As typed, e.g. "1" or "1.5"; ignored for per-5-minute services. */
  quantity: string;
  /** Per-5-minute services: the minutes this position bills, as typed. */
  minutes: string;
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

export const emptyRow = (): ItemRow => ({ serviceId: '', quantity: '1', minutes: '' });

/** The quantity in hundredths a row stands for (from its own minutes for per-5-minute services). */
export function rowQuantity(row: ItemRow, service: Service | undefined): number {
  if (service?.unit === 'min5') {
    const minutes = parseMinutes(row.minutes);
    return Number.isNaN(minutes) || minutes < 1 ? Number.NaN : quantityForMinutes(minutes);
  }
  return parseHundredths(row.quantity);
}

/** The rows as the billing rule sees them, for the split of the duration. */
export function minutesRows(rows: ItemRow[], byId: Map<string, Service>) {
  return rows.map((r) => ({ timeBased: byId.get(r.serviceId)?.unit === 'min5', minutes: parseMinutes(r.minutes) }));
}

/** Rows without a service, quantities and minutes that are not numbers, said before main is asked. */
export function itemErrors(rows: ItemRow[], byId: Map<string, Service>): FieldErrors {
  const out: FieldErrors = {};
  rows.forEach((row, i) => {
    if (row.serviceId === '') out[`items.${i}.serviceId`] = { path: `items.${i}.serviceId`, key: 'v.choice' };
    const s = byId.get(row.serviceId);
    if (s && Number.isNaN(rowQuantity(row, s))) {
      const field = s.unit === 'min5' ? 'minutes' : 'quantityHundredths';
      out[`items.${i}.${field}`] = { path: `items.${i}.${field}`, key: s.unit === 'min5' ? 'v.minutes_required' : 'v.quantity' };
    }
  });
  return out;
}

/** Items as main takes them: a quantity, or for per-5-minute rows their minutes. */
export function toItems(rows: ItemRow[], byId: Map<string, Service>) {
  return rows.map((row) => {
    const s = byId.get(row.serviceId);
    if (s?.unit === 'min5') {
      const minutes = parseMinutes(row.minutes);
      return { serviceId: row.serviceId, minutes: Number.isNaN(minutes) || minutes < 1 ? null : minutes };
    }
    return { serviceId: row.serviceId, quantityHundredths: rowQuantity(row, s) };
  });
}

/**
 * A row's service changed: a per-5-minute one starts with the duration if it is the first of its
 * kind (the rule in shared/billing), later ones start empty.
 */
export function withService(rows: ItemRow[], index: number, serviceId: string, byId: Map<string, Service>, durationMinutes: number): ItemRow[] {
  const next = rows.map((r, j) => (j === index ? { ...r, serviceId } : r));
  const row = next[index]!;
  if (byId.get(serviceId)?.unit === 'min5' && row.minutes.trim() === '') {
    const start = prefillMinutes(durationMinutes, minutesRows(next, byId), index);
    if (start !== null) next[index] = { ...row, minutes: String(start) };
  }
  return next;
}

export function ItemRows({ scope, label, rows, onChange, services, durationMinutes, errors, currency, recordedPrices, readOnly, amounts }: ItemRowsProps) {
  const t = useT();
  const byId = new Map(services.map((s) => [s.id, s]));
  const update = (i: number, patch: Partial<ItemRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const listError = errors.items;
  let sum = 0;
  let sumKnown = true;
  const split = minutesSplit(durationMinutes, minutesRows(rows, byId));

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
        const quantity = rowQuantity(row, service);
        const price = recordedPrices?.get(row.serviceId) ?? service?.priceMinor;
        const amount = price !== undefined && Number.isInteger(quantity) && quantity > 0 ? lineAmount(quantity, price) : null;
        if (amount === null) sumKnown = false;
        else sum += amount;
        const serviceId = `${scope}-items-${i}-serviceId`;
        const quantityId = `${scope}-items-${i}-quantity`;
        const serviceError: FieldError | undefined = errors[`items.${i}.serviceId`] ?? errors[`items.${i}`];
        const quantityError: FieldError | undefined = errors[`items.${i}.quantityHundredths`];
        const minutesError: FieldError | undefined = errors[`items.${i}.minutes`];
        const minutesId = `${scope}-items-${i}-minutes`;
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
                onChange={(e) => onChange(withService(rows, i, e.target.value, byId, durationMinutes))}
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
                <>
                  <label htmlFor={minutesId} className="visually-hidden">
                    {t('items.minutesN', { n })}
                  </label>
                  <div className="minutes-input">
                    <input
                      {...controlA11y(minutesId, minutesError, undefined)}
                      className="input quantity-input"
                      inputMode="numeric"
                      autoComplete="off"
                      value={row.minutes}
                      disabled={readOnly}
                      onChange={(e) => update(i, { minutes: e.target.value })}
                    />
                    <span className="muted small">{t('items.minutesUnit')}</span>
                  </div>
                  {!minutesError && !Number.isNaN(quantity) && (
                    <p className="muted small" id={quantityId}>
                      {t('items.derived', { count: formatHundredths(quantity) })}
                    </p>
                  )}
                  {minutesError && (
                    <p className="field-error" id={`${minutesId}-error`}>
                      {t.message(minutesError)}
                    </p>
                  )}
                </>
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
      {split.state !== 'none' && (
        <p className={`minutes-split${split.state === 'exact' ? '' : ' minutes-split-warn'}`} role="status">
          {split.state !== 'exact' && <Icon name="alert" size={16} />}
          <span>
            <strong>{t('items.minutesSplit', { allocated: split.allocated, duration: split.duration })}</strong>
            {split.state !== 'exact' && <> · {t(split.state === 'over' ? 'items.minutesOver' : 'items.minutesUnder')}</>}
          </span>
        </p>
      )}
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
