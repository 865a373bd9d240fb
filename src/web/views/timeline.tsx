/**
 * A timeline of documents per year (or decade) drawn as server-side SVG:
 * every year between the first and the last is a slot, so gaps show as gaps.
 * The picture is hidden from assistive technology; the same counts are
 * always given beside it as a list of links.
 * @module
 */
import { datePath } from '../urls.js';

export interface TimelineBar {
  /** `1955` or (for decades) `1950s`; the bar links to `/dates/<key>`. */
  key: string;
  year: number;
  count: number;
}

const W = 800;
const H = 150;
const AXIS = 22;
const TOP = 16;

/** Years (or decades, `step` 10) from the first to the last bar, drawn as bars scaled to the busiest slot. */
export function Timeline(props: { bars: TimelineBar[]; step?: 1 | 10; label: string }) {
  const step = props.step ?? 1;
  if (props.bars.length === 0) return null;
  const first = Math.min(...props.bars.map((b) => b.year));
  const last = Math.max(...props.bars.map((b) => b.year));
  const slots = Math.floor((last - first) / step) + 1;
  const max = Math.max(...props.bars.map((b) => b.count));
  const slot = W / Math.max(slots, 1);
  const barWidth = Math.max(Math.min(slot * 0.72, 48), 1.5);
  const scale = (n: number) => ((H - AXIS - TOP) * n) / max;
  const ticks: number[] = [];
  const tickEvery = step === 10 ? (slots > 16 ? 50 : 10) : slots > 60 ? 20 : slots > 24 ? 10 : slots > 8 ? 5 : 1;
  for (let y = Math.ceil(first / tickEvery) * tickEvery; y <= last; y += tickEvery) ticks.push(y);
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false" class="timeline__svg">
        <line x1="0" x2={W} y1={H - AXIS + 0.5} y2={H - AXIS + 0.5} class="timeline__axis" />
        {props.bars.map((b) => {
          const x = ((b.year - first) / step) * slot + (slot - barWidth) / 2;
          const h = Math.max(scale(b.count), 2);
          return (
            <a href={datePath(b.key)} tabindex={-1}>
              <rect x={x.toFixed(1)} y={(H - AXIS - h).toFixed(1)} width={barWidth.toFixed(1)} height={h.toFixed(1)} class="timeline__bar" />
              <title>{`${b.key}: ${b.count}`}</title>
            </a>
          );
        })}
        {ticks.map((y) => {
          const x = ((y - first) / step) * slot + slot / 2;
          return (
            <text x={x.toFixed(1)} y={H - 5} class="timeline__tick" text-anchor="middle">
              {step === 10 ? `${y}s` : y}
            </text>
          );
        })}
        <text x="2" y="11" class="timeline__tick">{`${max} per ${step === 10 ? 'decade' : 'year'} at most`}</text>
      </svg>
      <figcaption class="visually-hidden">{props.label}</figcaption>
    </figure>
  );
}
