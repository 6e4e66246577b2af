import { useId } from 'react';
import { formatDate, formatDateTime } from '../ui/format';
import { clamp, fromLocalInput, indexOf, instantAt, toLocalInput, type Mark, type Timeline } from './timeline';

interface Props {
  line: Timeline;
  marks: Mark[];
  /** The instant on the controls (null: now); it moves with every keystroke and drag. */
  draft: number | null;
  /** While dragging or typing: the page debounces before querying. */
  onMove: (instant: number | null) => void;
  /** A deliberate jump (Now, an event): the page queries at once. */
  onJump: (instant: number | null) => void;
}

/** Slider, exact date-time entry, "Now" and the events worth landing on — all native, so all keyboard. */
export function TimeControls({ line, marks, draft, onMove, onJump }: Props) {
  const id = useId();
  const instant = draft ?? line.max;
  // The end of the range is "now": landing there follows the server's now rather than freezing it.
  const atOrNow = (ms: number) => (ms >= line.max ? null : ms);
  const valueText = draft === null ? `Now (${formatDateTime(new Date(line.max).toISOString())})` : formatDateTime(new Date(instant).toISOString());

  return (
    <section className="as-of-controls">
      <label htmlFor={`${id}-slider`}>As of</label>
      <input
        id={`${id}-slider`}
        className="as-of-slider"
        type="range"
        min={0}
        max={line.steps}
        step={1}
        value={indexOf(line, instant)}
        list={marks.length > 0 ? `${id}-marks` : undefined}
        aria-valuetext={valueText}
        aria-describedby={`${id}-ends`}
        onChange={(event) => onMove(atOrNow(instantAt(line, Number(event.target.value))))}
      />
      {marks.length > 0 && (
        <datalist id={`${id}-marks`}>
          {marks.map((mark) => (
            <option key={mark.id} value={indexOf(line, mark.at)} label={mark.label} />
          ))}
        </datalist>
      )}
      <p id={`${id}-ends`} className="as-of-ends hint">
        <span>Founded {formatDate(new Date(line.min).toISOString())}</span>
        <span>Now</span>
      </p>

      <div className="as-of-exact">
        <div>
          <label htmlFor={`${id}-exact`}>Exact date and time</label>
          <input
            id={`${id}-exact`}
            type="datetime-local"
            min={toLocalInput(line.min)}
            max={toLocalInput(line.max)}
            value={toLocalInput(instant)}
            onChange={(event) => {
              const typed = fromLocalInput(event.target.value);
              if (typed !== null) onMove(atOrNow(clamp(line, typed)));
            }}
          />
        </div>
        <button type="button" className="secondary" onClick={() => onJump(null)} aria-pressed={draft === null}>
          Now
        </button>
      </div>

      {marks.length > 0 && (
        <details className="as-of-marks" open={marks.length <= 8}>
          <summary>Jump to an event ({marks.length})</summary>
          <ul>
            {marks.map((mark) => (
              <li key={mark.id}>
                <button type="button" className="link" onClick={() => onJump(atOrNow(mark.at))} aria-current={draft === mark.at ? 'true' : undefined}>
                  <span className="visually-hidden">Jump to: </span>
                  {mark.label}
                </button>{' '}
                <span className="muted">{formatDateTime(new Date(mark.at).toISOString())}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
