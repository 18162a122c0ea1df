/** How a reminder went out, in words: "per E-Mail an … (gesendet)", "per Post (gedruckt am …)". */
import type { Reminder } from '../../../shared/contract/reminders.js';
import { formatDate } from '../../../shared/dates.js';
import type { Translator } from '../../app/i18n.js';

export function deliveryLine(t: Translator, d: Reminder['deliveries'][number]): string {
  if (d.channel === 'post') return t('reminders.delivery.post', { date: formatDate(d.at) });
  const state = (['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'] as const).find((s) => s === d.state) ?? 'queued';
  return t('reminders.delivery.email', { to: d.to, state: t(`reminders.mailState.${state}`) });
}
