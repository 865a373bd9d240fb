/**
 * The date histogram of a result list, drawn on the server as inline SVG: one
 * bar per year (or per decade, for wide spans), each bar a link that narrows
 * the search to its period. The bars' counts are also in their link labels,
 * so the chart reads to a screen reader as a list of links.
 * @module
 */
import type { DateHistogram } from '../../services/search.js';
import { searchUrl, withDates, type SearchParams } from '../../search/search-state.js';

const WIDTH = 640;
const HEIGHT = 96;
const AXIS = 18;

export function DateHistogramView(props: { histogram: DateHistogram; params: SearchParams }) {
  const { bars, unit } = props.histogram;
  if (bars.length < 2) return null;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const slot = WIDTH / bars.length;
  const gap = Math.min(2, slot * 0.2);
  const every = Math.ceil(bars.length / 8);
  return (
    <figure class="histogram" aria-labelledby="histogram-h">
      <figcaption id="histogram-h" class="histogram__caption">
        Documents by {unit}
      </figcaption>
      <svg class="histogram__chart" viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} width="100%" role="group" aria-labelledby="histogram-h">
        <line x1="0" y1={HEIGHT + 0.5} x2={WIDTH} y2={HEIGHT + 0.5} class="histogram__axis" />
        {bars.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / max) * (HEIGHT - 4));
          const label = `${b.label}: ${b.count.toLocaleString('en-US')} document${b.count === 1 ? '' : 's'}`;
          return (
            <a href={searchUrl(withDates(props.params, b.from, b.to))} aria-label={label} rel="nofollow">
              <title>{label}</title>
              <rect class="histogram__hit" x={i * slot} y="0" width={slot} height={HEIGHT} />
              <rect class="histogram__bar" x={i * slot + gap / 2} y={HEIGHT - h} width={Math.max(slot - gap, 1)} height={h} />
            </a>
          );
        })}
        {bars.map((b, i) =>
          i % every === 0 ? (
            <text class="histogram__tick" x={i * slot + slot / 2} y={HEIGHT + AXIS - 4} text-anchor="middle" aria-hidden="true">
              {b.label}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
