/**
 * Label–value fields for description lists (document information, cable
 * headers, authority records). An empty value renders nothing, so a record
 * shows only what it has.
 * @module
 */
import type { Child } from 'hono/jsx';

export function Field(props: { label: string; value: Child | undefined }) {
  if (props.value === undefined || props.value === null || props.value === '') return null;
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** "a", "a and b", "a, b, and c". */
export function joinList(items: Child[]): Child[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [i === items.length - 1 ? (items.length > 2 ? ', and ' : ' and ') : ', ', item]));
}
