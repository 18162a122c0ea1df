/** Full-screen, calm: the data folder cannot be used (e.g. a database from a newer Arnika). */
import { hasKey } from '../../shared/i18n/index.js';
import { Logo } from '../ui/Icon.js';
import { useT } from './i18n.js';

export function StartupError({ code, network, dataDir }: { code: string; network: boolean; dataDir: string | null }) {
  const t = useT();
  const key = network ? 'error.network' : `error.${code}`;
  return (
    <div className="center-screen">
      <div className="center-card" role="alert">
        <Logo size={40} />
        <h1>{t('startup.title')}</h1>
        <p className="lead">{hasKey(key) ? t(key) : t('error.internal')}</p>
        {dataDir && (
          <div className="data-dir">
            <span className="muted">{t('startup.dataDir')}</span>
            <code>{dataDir}</code>
          </div>
        )}
        {/* "Newer version" already says what to do; other failures get the checks worth making. */}
        {code !== 'db.newer_version' && <p className="muted">{t('startup.hint')}</p>}
      </div>
    </div>
  );
}
