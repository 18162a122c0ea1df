/**
 * Full-screen, calm: the data folder cannot be used (a database from a newer Arnika, another
 * Arnika holding the folder). A missing or empty database gets its own screen (StorageProblem.tsx).
 */
import { hasKey } from '../../shared/i18n/translate.js';
import { DatabaseMissing, isMissingDatabase } from '../features/storage/StorageProblem.js';
import { Logo } from '../ui/Icon.js';
import { useT, type Translator } from './i18n.js';

type Details = Record<string, string | number> | undefined;

export function StartupError({ code, network, dataDir, details }: { code: string; network: boolean; dataDir: string | null; details?: Details }) {
  const t = useT();
  const key = network ? 'error.network' : `error.${code}`;
  if (!network && isMissingDatabase(code)) return <DatabaseMissing code={code} dataDir={dataDir} />;
  const holder = code === 'storage.locked' ? lockHolder(t, details) : null;
  return (
    <div className="center-screen">
      <div className="center-card" role="alert">
        <Logo size={40} />
        <h1>{t('startup.title')}</h1>
        <p className="lead">{hasKey(key) ? t(key) : t('error.internal')}</p>
        {holder && <p>{holder}</p>}
        {dataDir && (
          <div className="data-dir">
            <span className="muted">{t('startup.dataDir')}</span>
            <code>{dataDir}</code>
          </div>
        )}
        {/* "Newer version" already says what to do; other failures get the checks worth making. */}
        {code !== 'db.newer_version' && code !== 'storage.locked' && <p className="muted">{t('startup.hint')}</p>}
      </div>
    </div>
  );
}

/** "Geöffnet im Browsermodus, Prozess 4711, seit 23.11.26, 09:15." */
function lockHolder(t: Translator, details: Details): string | null {
  if (!details || details.pid === undefined) return null;
  const since = typeof details.since === 'string' ? new Date(details.since).toLocaleString(`${t.lang}-CH`, { dateStyle: 'short', timeStyle: 'short' }) : '?';
  return t('storage.lockedBy', { host: t(details.host === 'desktop' ? 'storage.host.desktop' : 'storage.host.browser'), pid: details.pid, since });
}
