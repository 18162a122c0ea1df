/**
 * A provider's setup guidance: what the provider demands (app password, no password login at all),
 * its step-by-step text with the numbered steps as a real list, and a link to its own page. The
 * text comes from the catalog (mail.guide.<id>); links leave the app for the user's browser.
 */
import type { ReactNode } from 'react';
import type { MailProviderInfo } from '../../../shared/contract/mail.js';
import { Icon } from '../../ui/Icon.js';
import { useT } from '../../app/i18n.js';

/** Splits "Lead. 1. First. 2. Second." into the lead and the steps; no numbering, no steps. */
export function splitSteps(text: string): { lead: string; steps: string[] } {
  const marks = [...text.matchAll(/(?:^|\s)(\d{1,2})\.\s/g)];
  const sequence: RegExpMatchArray[] = [];
  for (const mark of marks) {
    if (Number(mark[1]) === sequence.length + 1) sequence.push(mark);
  }
  if (sequence.length < 2) return { lead: text, steps: [] };
  const lead = text.slice(0, sequence[0]!.index).trim();
  const steps = sequence.map((mark, i) => {
    const start = mark.index! + mark[0].length;
    const end = i + 1 < sequence.length ? sequence[i + 1]!.index! : text.length;
    return text.slice(start, end).trim();
  });
  return { lead, steps };
}

/** Web addresses inside a guidance sentence become links that open in the browser. */
export function Linkified({ text }: { text: string }) {
  const t = useT();
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/https:\/\/[^\s«»"]+/g)) {
    const url = match[0].replace(/[.,;:)]+$/, '');
    const start = match.index!;
    parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} target="_blank" rel="noopener noreferrer">
        {url.replace(/^https:\/\//, '')}
        <span className="visually-hidden"> {t('mailUi.opensInBrowser')}</span>
      </a>,
    );
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

export function GuidanceText({ text }: { text: string }) {
  const { lead, steps } = splitSteps(text);
  return (
    <div className="mail-guide-text">
      {lead && (
        <p>
          <Linkified text={lead} />
        </p>
      )}
      {steps.length > 0 && (
        <ol>
          {steps.map((step, i) => (
            <li key={i}>
              <Linkified text={step} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ProviderGuidance({ provider }: { provider: MailProviderInfo }) {
  const t = useT();
  const blocked = !provider.passwordLogin;
  const demand = blocked
    ? t('mailUi.guide.noPasswordLogin')
    : provider.needsAppPassword === 'yes'
      ? t('mailUi.guide.appPassword')
      : provider.needsAppPassword === 'if_2fa'
        ? t('mailUi.guide.appPasswordIf2fa')
        : null;
  const kind = blocked ? 'blocked' : provider.needsAppPassword === 'yes' ? 'warn' : 'info';
  const titleId = `mail-guide-${provider.id}`;
  return (
    <section className={`mail-guide mail-guide-${kind}`} aria-labelledby={titleId}>
      <div className="mail-guide-head">
        <Icon name={blocked ? 'alert' : provider.needsAppPassword === 'yes' ? 'key' : 'info'} />
        <h3 id={titleId}>{t('mailUi.guide.title', { provider: provider.name })}</h3>
        {demand && <span className="mail-guide-demand">{demand}</span>}
      </div>
      <GuidanceText text={t.message({ key: provider.guidanceKey })} />
      {provider.helpUrl && (
        <a className="button mail-guide-link" href={provider.helpUrl} target="_blank" rel="noopener noreferrer">
          <Icon name="external" size={16} />
          {t('mailUi.guide.openHelp', { provider: provider.name })}
          <span className="visually-hidden"> {t('mailUi.opensInBrowser')}</span>
        </a>
      )}
    </section>
  );
}
