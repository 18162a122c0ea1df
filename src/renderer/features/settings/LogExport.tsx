/**
 * Einstellungen → Allgemein → Logdatei: saves the app's log for support. Main answers with the
 * text (app.exportLog), never a path; the page offers it as a download (a Blob and <a download>),
 * which works the same in browser mode and in the desktop window (which asks where to save it).
 */
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';

function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the data by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function LogExport() {
  const t = useT();
  const log = useApiMutation('app.exportLog');
  const busy = log.isPending;
  const error = log.error;

  async function exportLog() {
    const result = await log.run({});
    if (result.ok) download(result.data.fileName, result.data.content);
  }

  return (
    <>
      <h3>{t('support.logTitle')}</h3>
      <p>{t('support.logHint')}</p>
      {error && <Alert>{errorText(t, error)}</Alert>}
      <button type="button" className="button" disabled={busy} onClick={() => void exportLog()}>
        <Icon name="download" />
        {t('support.logExport')}
      </button>
    </>
  );
}
