/**
 * Date and time entry the way the app shows dates, whatever the operating system's or browser's
 * locale: dd.mm.yyyy and 24-hour times in German, French, Italian and English alike (the Swiss
 * convention the app prints in; src/shared/dates.ts). Built on React Aria's DatePicker and
 * TimeField (react-aria-components): each part of a date is a labelled spin button that takes
 * typed digits and the arrow keys, and the calendar is a grid a keyboard and a screen reader can
 * use. The browser's native <input type="date"> follows the browser's locale instead (mm/dd/yyyy
 * and AM/PM in an English browser), which is why it is not used.
 *
 * Values in and out are what the API takes: 'YYYY-MM-DD' and 'HH:MM', '' for none. The locale comes
 * from the app's language (AppLocale in app/i18n.tsx); overlays inside a <dialog> are put into it
 * (ui/Dialog.tsx), so the calendar of a date field in a dialog shows on top and is not inert.
 */
import { parseDate, parseTime, type CalendarDate, type Time } from '@internationalized/date';
import type { ReactNode } from 'react';
import {
  Button, Calendar, CalendarCell, CalendarGrid, DateInput, DatePicker, DateSegment, Dialog, Group, Heading, Label, Popover, Text, TimeField,
} from 'react-aria-components';
import type { FieldError } from '../../shared/errors.js';
import { useT } from '../app/i18n.js';
import { Icon } from './Icon.js';

function toDate(value: string): CalendarDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  try {
    return parseDate(value);
  } catch {
    return null;
  }
}

function toTime(value: string): Time | null {
  if (!/^\d{2}:\d{2}$/.test(value)) return null;
  try {
    return parseTime(value);
  } catch {
    return null;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

interface BoxProps {
  /** Where the hint's and the error's ids come from (an error is focused through aria-invalid). */
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: FieldError | undefined;
  hint?: ReactNode;
  required?: boolean | undefined;
  /** Said to screen readers after the label where the same label occurs twice. */
  context?: string | undefined;
  /** 'field': label above, in the form grid (span 1–6); 'inline': label before, for toolbars. */
  layout?: 'field' | 'inline';
  span?: number | undefined;
  /** Extra controls after the input (the "today" button). */
  after?: ReactNode;
}

function FieldLabel({ label, context, required }: Pick<BoxProps, 'label' | 'context' | 'required'>) {
  return (
    <div className="label-row">
      <Label>
        {label}
        {context && <span className="visually-hidden"> ({context})</span>}
      </Label>
      {required && (
        <span className="required" aria-hidden="true">
          *
        </span>
      )}
    </div>
  );
}

function Messages({ id, hint, error }: Pick<BoxProps, 'id' | 'hint' | 'error'>) {
  const t = useT();
  return (
    <>
      {hint && (
        <Text slot="description" className="field-hint" id={`${id}-hint`}>
          {hint}
        </Text>
      )}
      {error && (
        <Text slot="errorMessage" className="field-error" id={`${id}-error`}>
          {t.message(error)}
        </Text>
      )}
    </>
  );
}

function fieldClass(layout: BoxProps['layout'], span: number | undefined, error: FieldError | undefined, extra: string): string {
  const base = layout === 'inline' ? 'inline-field date-filter' : `field span-${span ?? 3}`;
  return `${base} ${extra}${error ? ' has-error' : ''}`;
}

/** A date: dd.mm.yyyy typed part by part, or picked in the calendar. */
export function DateBox({ id, label, value, onChange, error, hint, required, context, layout = 'field', span, after }: BoxProps) {
  const t = useT();
  return (
    <DatePicker
      className={fieldClass(layout, span, error, 'date-field')}
      value={toDate(value)}
      onChange={(d) => onChange(d ? d.toString() : '')}
      isInvalid={error !== undefined}
      isRequired={required}
      validationBehavior="aria"
      shouldForceLeadingZeros
      granularity="day"
    >
      {layout === 'inline' ? <Label className="inline-label">{label}</Label> : <FieldLabel label={label} context={context} required={required} />}
      <div className="input-with-button">
        <Group className="input date-input">
          <DateInput className="date-segments">
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          <Button className="date-calendar-button" aria-label={t('date.openCalendar')}>
            <Icon name="today" size={16} />
          </Button>
        </Group>
        {after}
      </div>
      <Messages id={id} hint={hint} error={error} />
      <Popover className="date-popover" placement="bottom start">
        <Dialog className="date-dialog" aria-label={t('date.calendar')}>
          <Calendar className="calendar">
            <header className="calendar-head">
              <Button slot="previous" className="button small ghost" aria-label={t('date.previousMonth')}>
                <Icon name="left" size={16} />
              </Button>
              <Heading className="calendar-title" />
              <Button slot="next" className="button small ghost" aria-label={t('date.nextMonth')}>
                <Icon name="right" size={16} />
              </Button>
            </header>
            <CalendarGrid className="calendar-grid">{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}

/** A time of day, 24 hours: hh:mm. */
export function TimeBox({ id, label, value, onChange, error, hint, required, context, layout = 'field', span }: BoxProps) {
  return (
    <TimeField
      className={fieldClass(layout, span, error, 'time-field')}
      value={toTime(value)}
      onChange={(time) => onChange(time ? `${pad(time.hour)}:${pad(time.minute)}` : '')}
      hourCycle={24}
      shouldForceLeadingZeros
      isInvalid={error !== undefined}
      isRequired={required}
      validationBehavior="aria"
    >
      {layout === 'inline' ? <Label className="inline-label">{label}</Label> : <FieldLabel label={label} context={context} required={required} />}
      <DateInput className="input date-input date-segments">
        {(segment) => <DateSegment segment={segment} className="date-segment" />}
      </DateInput>
      <Messages id={id} hint={hint} error={error} />
    </TimeField>
  );
}
