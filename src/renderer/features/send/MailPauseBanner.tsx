/**
 * The banner of a send profile whose queue waits for a provider's sending limit: "Das Tageslimit
 * von Gmail ist erreicht: 120 Rechnungen gehen morgen ab 08:00 automatisch hinaus", with "Jetzt
 * fortsetzen" and cancelling what waits (after a confirmation). MailPauseBanners shows every paused
 * profile above the screens; the bulk-send dialog shows its batch's one.
 */
import { useState } from 'react';
import type { MailPause } from '../../../shared/contract/mail.js';
import { useT, type Translator } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { formatDate, formatNumber } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { formatTime } from './sendFormat.js';
import { sendChanges } from './sendChanges.js';

const pauseChanges = [...sendChanges, 'mail.listPauses', 'mail.batchStatus'];

/** "morgen ab 08:00", "heute ab 14:32", "am 25.11.2026 ab 08:00". */
export function pauseWhen(t: Translator, iso: string, now = new Date()): string {
  const until = new Date(iso);
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(until) - day(now)) / 86_400_000);
  const time = formatTime(iso);
  if (days <= 0) return t('sendUi.pause.today', { time });
  if (days === 1) return t('sendUi.pause.tomorrow', { time });
  return t('sendUi.pause.on', { date: formatDate(iso), time });
}

export function pauseText(t: Translator, pause: MailPause): string {
  const provider = pause.providerName ?? t('sendUi.pause.profile', { name: pause.profileName });
  return t.plural(`sendUi.pause.${pause.kind}`, pause.queued, { provider, count: formatNumber(pause.queued), when: pauseWhen(t, pause.until) });
}

export function PauseBanner({ pause }: { pause: MailPause }) {
  const t = useT();
  const toast = useToast();
  const resume = useApiMutation('mail.resumeQueue', { invalidates: pauseChanges });
  const cancel = useApiMutation('mail.cancelQueue', { invalidates: pauseChanges });
  const [asking, setAsking] = useState(false);
  const failure = resume.error ?? cancel.error;

  async function resumeNow() {
    const result = await resume.run({ profileId: pause.profileId });
    if (result.ok) toast.show(t('sendUi.pause.resumed'));
  }

  async function cancelWaiting() {
    const result = await cancel.run({ profileId: pause.profileId });
    setAsking(false);
    if (result.ok) toast.show(t('sendUi.pause.cancelled'));
  }

  return (
    <section className="alert result result-warn pause-banner" aria-label={t('sendUi.pause.label')}>
      <Icon name="clock" />
      <div className="pause-banner-main">
        <p className="pause-banner-text">{pauseText(t, pause)}</p>
        {failure && <p className="field-error">{errorText(t, failure)}</p>}
      </div>
      <div className="pause-banner-actions">
        <button type="button" className="button small" disabled={resume.isPending} onClick={() => void resumeNow()}>
          {t('sendUi.pause.resume')}
        </button>
        <button type="button" className="button small danger-outline" disabled={cancel.isPending} onClick={() => setAsking(true)}>
          {t('sendUi.pause.cancel')}
        </button>
      </div>
      <ConfirmDialog
        open={asking}
        title={t('sendUi.pause.cancelTitle')}
        confirmLabel={t('sendUi.pause.cancelConfirm')}
        cancelLabel={t('sendUi.pause.keep')}
        danger
        busy={cancel.isPending}
        onCancel={() => setAsking(false)}
        onConfirm={() => void cancelWaiting()}
      >
        {t('sendUi.pause.cancelBody', { name: pause.profileName })}
      </ConfirmDialog>
    </section>
  );
}

/** Every paused profile, above the screens (fresh whenever main says the outbox changed). */
export function MailPauseBanners() {
  const pauses = useApiQuery('mail.listPauses', {});
  if (!pauses.data || pauses.data.length === 0) return null;
  return (
    <div className="pause-banners">
      {pauses.data.map((p) => (
        <PauseBanner key={p.profileId} pause={p} />
      ))}
    </div>
  );
}
