/**
 * The reminders domain: levels and fees per practice, the reminder run, reminders as archived
 * documents sent through the outbox or printed, their history, and handing an invoice over to debt
 * collection. It reads accounts and charges fees through PaymentsApi, sends through MailApi.
 */
import type { reminderMethods } from '../../shared/contract/reminders.js';
import type { InvoicesApi } from '../invoices/index.js';
import type { MailApi } from '../mail/index.js';
import type { PaymentsApi } from '../payments/index.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PracticesApi } from '../practices/index.js';
import { Reminders } from './reminders.js';
import { ReminderSettingsStore } from './settings.js';

export { ReminderSnapshot, renderReminder } from './letter.js';

/** What other domains may ask of reminders: the fee terms an invoice prints, the level each invoice reached. */
export interface RemindersApi {
  feeTerms: ReminderSettingsStore['feeTerms'];
  levels: Reminders['levels'];
}

export function registerReminders(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'log' | 'jobs' | 'files' | 'events'>,
  ports: { invoices: InvoicesApi; payments: PaymentsApi; mail: MailApi; practices: PracticesApi },
) {
  const settings = new ReminderSettingsStore(deps.db, deps.clock, ports.practices);
  const reminders = new Reminders({ db: deps.db, clock: deps.clock, log: deps.log, events: deps.events, invoices: ports.invoices, payments: ports.payments, mail: ports.mail, settings });
  const handlers: HandlersFor<typeof reminderMethods> = {
    'reminders.settings': ({ practiceId }) => settings.get(practiceId),
    'reminders.saveSettings': ({ practiceId, settings: s }) => {
      const saved = settings.save(practiceId, s);
      // Drafts print the fee terms; the run's amounts follow the levels.
      deps.events.emit({ type: 'changed', methods: ['reminders.', 'invoices.get'] });
      return saved;
    },
    'reminders.preview': (q) => reminders.preview(q),
    'reminders.run': ({ invoiceIds, date }) =>
      deps.jobs.start('reminders.run', (job) => reminders.run(job, deps.files, invoiceIds, date ?? reminders.today()), { total: invoiceIds.length }),
    'reminders.list': (q) => reminders.list(q),
    'reminders.forInvoice': ({ invoiceId }) => reminders.forInvoice(invoiceId),
    'reminders.pdf': ({ reminderId }) => {
      const { fileName, content } = reminders.pdf(reminderId);
      return { fileName, contentBase64: content.toString('base64') };
    },
    'reminders.print': async ({ reminderIds }) => {
      const download = await reminders.print(reminderIds, deps.files);
      deps.events.emit({ type: 'changed', methods: ['reminders.'] });
      return download;
    },
    'reminders.handOver': ({ invoiceId, date, note }) => reminders.handOver(invoiceId, date ?? reminders.today(), note),
  };
  const api: RemindersApi = {
    feeTerms: (practiceId, language, currency) => settings.feeTerms(practiceId, language, currency),
    levels: () => reminders.levels(),
  };
  return { handlers, api, reminders, settings };
}
