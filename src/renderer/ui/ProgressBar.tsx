/** A progress bar with its text above it (what is done, of how many), read out as it moves. */
import type { ReactNode } from 'react';

export function ProgressBar({ label, text, value, max, children }: { label: string; text: string; value: number; max: number; children?: ReactNode }) {
  const percent = max === 0 ? 100 : Math.round((value / max) * 100);
  return (
    <>
      <div className="progress-head">
        <span className="progress-text" aria-live="polite">
          {text}
        </span>
        {children}
      </div>
      <div className="progress-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={text}>
        <span style={{ width: `${percent}%` }} />
      </div>
    </>
  );
}
