/**
 * The calm screens for a database Arnika must not write into: damaged (storage.corrupt: what to
 * do, then read-only work with a banner), or missing/empty in a folder that was used before
 * (storage.missing / storage.empty: restore a backup, or start a new database after a second
 * confirmation). DamagedGuard also switches to the damaged screen when any call answers
 * storage.corrupt while the app runs (api.ts announces it).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { storageCorruptEvent } from '../../api.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Logo } from '../../ui/Icon.js';
import { RestoreDialog } from '../backup/RestoreDialog.js';
import './storageProblem.css';

export function isMissingDatabase(code: string): code is 'storage.missing' | 'storage.empty' {
  return code === 'storage.missing' || code === 'storage.empty';
}

function DataDir({ dataDir }: { dataDir: string | null }) {
  const t = useT();
  if (!dataDir) return null;
  return (
    <div className="data-dir">
      <span className="muted">{t('startup.dataDir')}</span>
      <code>{dataDir}</code>
    </div>
  );
}

export function DatabaseDamaged({ dataDir, onContinue }: { dataDir: string | null; onContinue(): void }) {
  const t = useT();
  const [restoring, setRestoring] = useState(false);
  return (
    <div className="center-screen">
      <div className="center-card storage-problem" role="alert">
        <Logo size={40} />
        <h1>{t('storage.corrupt.title')}</h1>
        <p className="lead">{t('storage.corrupt.lead')}</p>
        <p className="storage-steps-title">{t('storage.corrupt.whatToDo')}</p>
        <ol className="storage-steps">
          <li>{t('storage.corrupt.step1')}</li>
          <li>{t('storage.corrupt.step2')}</li>
          <li>{t('storage.corrupt.step3')}</li>
          <li>{t('storage.corrupt.step4')}</li>
        </ol>
        <DataDir dataDir={dataDir} />
        <div className="storage-confirm-actions">
          <button type="button" className="button primary" onClick={() => setRestoring(true)}>
            {t('storage.restoreFromBackup')}
          </button>
          <button type="button" className="button" onClick={onContinue}>
            {t('storage.corrupt.continue')}
          </button>
        </div>
        {restoring && <RestoreDialog mode="replace" onClose={() => setRestoring(false)} />}
      </div>
    </div>
  );
}

export function DatabaseMissing({ code, dataDir }: { code: 'storage.missing' | 'storage.empty'; dataDir: string | null }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const createNew = useApiMutation('storage.createNew');
  const busy = createNew.isPending;
  const error = createNew.error;
  const create = async () => {
    const r = await createNew.run({});
    if (r.ok) window.location.reload();
  };
  return (
    <div className="center-screen">
      <div className="center-card storage-problem" role="alert">
        <Logo size={40} />
        <h1>{t(code === 'storage.missing' ? 'storage.missing.title' : 'storage.empty.title')}</h1>
        <p className="lead">{t(`error.${code}`)}</p>
        <p>{t('storage.missing.restore')}</p>
        <DataDir dataDir={dataDir} />
        {error && <Alert>{errorText(t, error)}</Alert>}
        {restoring && <RestoreDialog mode="replace" onClose={() => setRestoring(false)} />}
        {!asking ? (
          <div className="storage-confirm-actions">
            <button type="button" className="button primary" onClick={() => setRestoring(true)}>
              {t('storage.restoreFromBackup')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(true)}>
              {t('storage.missing.create')}
            </button>
          </div>
        ) : (
          <div className="storage-confirm">
            <p>{t('storage.missing.confirm')}</p>
            <div className="storage-confirm-actions">
              <button type="button" className="button danger" disabled={busy} onClick={() => void create()}>
                {t('storage.missing.confirmYes')}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => setAsking(false)}>
                {t('storage.missing.cancel')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

/** Shows the damaged screen instead of `children` when the database is (or turns out to be) damaged; after "continue read-only", the app with a banner. */
export function DamagedGuard({ damaged, dataDir, children }: { damaged: boolean; dataDir: string; children: ReactNode }) {
  const t = useT();
  const [state, setState] = useState<'ok' | 'screen' | 'readOnly'>(damaged ? 'screen' : 'ok');
  useEffect(() => {
    const onCorrupt = () => setState((s) => (s === 'ok' ? 'screen' : s));
    window.addEventListener(storageCorruptEvent, onCorrupt);
    return () => window.removeEventListener(storageCorruptEvent, onCorrupt);
  }, []);
  if (state === 'screen') return <DatabaseDamaged dataDir={dataDir} onContinue={() => setState('readOnly')} />;
  return (
    <>
      {children}
      {state === 'readOnly' && (
        <div className="read-only-banner" role="status">
          {t('storage.corrupt.banner')}
        </div>
      )}
    </>
  );
}
