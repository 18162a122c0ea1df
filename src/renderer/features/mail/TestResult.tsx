/**
 * The outcome of "Verbindung testen" or "Testnachricht senden": progress while it runs, a green
 * success line, or the failure in words a therapist can act on (the code's sentence), the server's
 * own words in a smaller details line, a one-click fix when main has a better port in mind, and
 * the provider's guidance for refused logins. Announced politely as it changes.
 */
import type { MailSuggestion, MailTestFailure } from '../../../shared/contract/mail.js';
import type { z } from 'zod';
import { GuidanceText } from './Guidance.js';
import { Icon } from '../../ui/Icon.js';
import { Spinner } from '../../ui/Spinner.js';
import { securityName } from './profileModel.js';
import { mailErrorSentence } from '../../ui/errors.js';
import { useT, type Translator } from '../../app/i18n.js';
import type { Envelope } from '../../../shared/errors.js';
import { errorText } from '../../ui/errors.js';

export type TestState =
  | { kind: 'idle' }
  | { kind: 'running'; label: string }
  | { kind: 'ok'; title: string; body?: string | undefined; note?: string | undefined }
  | { kind: 'failed'; title: string; failure: MailTestFailure }
  /** Refused before it started (validation, network): the translated envelope message. */
  | { kind: 'refused'; message: string };

type Suggestion = z.infer<typeof MailSuggestion>;

/** What "Testnachricht senden" came to, for the list card and the form alike. */
export function testMessageOutcome(t: Translator, res: Envelope<{ ok: true; to: string } | MailTestFailure>): TestState {
  if (!res.ok) return { kind: 'refused', message: errorText(t, res.error) };
  if (res.data.ok) return { kind: 'ok', title: t('mailUi.testMessage.ok', { to: res.data.to }) };
  return { kind: 'failed', title: t('mailUi.testMessage.failed'), failure: res.data };
}

// Failures where the provider's own guidance (app password, HIN token, ...) is the way out.
const loginCodes = new Set(['mail.auth_failed', 'mail.auth_app_password_required', 'mail.auth_basic_disabled', 'mail.no_password']);

export function TestResult({
  state,
  onApplySuggestion,
  shownProviderId,
}: {
  state: TestState;
  onApplySuggestion?: ((s: Suggestion) => void) | undefined;
  /** The provider whose guidance is already on screen (not repeated here). */
  shownProviderId?: string | null | undefined;
}) {
  // The live region stays mounted while idle, so the first result is announced too.
  return (
    <div className="mail-test-result" aria-live="polite">
      {state.kind === 'running' && (
        <div className="alert result result-running">
          <Spinner />
          <span>{state.label}</span>
        </div>
      )}
      {state.kind === 'ok' && (
        <div className="alert alert-info result">
          <Icon name="check" />
          <div>
            <p className="result-title">{state.title}</p>
            {state.body && <p>{state.body}</p>}
            {state.note && <p className="result-note">{state.note}</p>}
          </div>
        </div>
      )}
      {state.kind === 'refused' && (
        <div className="alert alert-error result">
          <Icon name="alert" />
          <p>{state.message}</p>
        </div>
      )}
      {state.kind === 'failed' && (
        <Failure title={state.title} failure={state.failure} onApplySuggestion={onApplySuggestion} shownProviderId={shownProviderId} />
      )}
    </div>
  );
}

function Failure({
  title,
  failure,
  onApplySuggestion,
  shownProviderId,
}: {
  title: string;
  failure: MailTestFailure;
  onApplySuggestion?: ((s: Suggestion) => void) | undefined;
  shownProviderId?: string | null | undefined;
}) {
  const t = useT();
  const guideKey = failure.providerId ? `mail.guide.${failure.providerId}` : null;
  const guide = guideKey && failure.providerId !== shownProviderId && loginCodes.has(failure.code) ? t.message({ key: guideKey }) : null;
  const suggestion = failure.suggestion;
  return (
    <div className="alert alert-error result">
      <Icon name="alert" />
      <div className="result-main">
        <p className="result-title">{title}</p>
        <p>{mailErrorSentence(t, failure.code)}</p>
        {guide && guide !== guideKey && <GuidanceText text={guide} />}
        {suggestion && onApplySuggestion && (
          <button type="button" className="button mail-suggestion" onClick={() => onApplySuggestion(suggestion)}>
            {t('mailUi.test.applySuggestion', { port: suggestion.port, security: securityName(suggestion.security) })}
          </button>
        )}
        {failure.details && (
          <p className="result-details">
            <span className="result-details-label">{t('mailUi.test.details')}:</span> <code>{failure.details}</code>
          </p>
        )}
      </div>
    </div>
  );
}
