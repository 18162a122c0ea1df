/**
 * Said before sending with a send profile that was never tested, or whose last test failed (main
 * decides whether to warn: once, until the therapist sent with it anyway), with the way to test it.
 */
import type { ProfileCheck } from '../../../shared/contract/mail.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { formatDate } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { mailErrorSentence } from '../../ui/errors.js';

export function ProfileWarning({ name, check }: { name: string; check: ProfileCheck }) {
  const t = useT();
  if (check.state === 'ok') return null;
  return (
    <div className="alert result result-warn send-profile-warning">
      <Icon name="alert" />
      <div>
        <p>
          {check.state === 'failed'
            ? t('sendUi.profileCheckFailed', { name, date: formatDate(check.at), reason: mailErrorSentence(t, check.code ?? 'mail.unknown') })
            : t('sendUi.profileUnchecked', { name })}
        </p>
        <a href={`#${paths.settingsTab('mail')}`} className="send-fix">
          {t('sendUi.fixSettings')}
        </a>
      </div>
    </div>
  );
}
