/**
 * The notice above a document whose translation has been revised: when,
 * with the editor's note, and links to every earlier published version; or,
 * on an earlier version's page, which version this is and where the current
 * one is.
 * @module
 */
import { displayDay } from '../../domain/display.js';
import type { TranslationVersion } from '../../services/translation-versions.js';
import { documentPath } from '../urls.js';

export function TranslationNotice(props: { id: string; versions: TranslationVersion[]; showing?: number }) {
  const { versions, id } = props;
  const latest = versions[versions.length - 1];
  if (!latest || (versions.length < 2 && props.showing === undefined)) return null;
  const link = (v: TranslationVersion) => `${documentPath(id)}/v/${v.revision}`;
  const shown = props.showing === undefined ? undefined : versions.find((v) => v.revision === props.showing);
  // Versions published the same day are told apart by their time (UTC), and by their revision when the minute is shared too.
  const clash = (v: TranslationVersion, key: (at: string) => string | undefined) => versions.some((o) => o !== v && key(o.at) === key(v.at));
  const when = (v: TranslationVersion) => {
    if (!clash(v, displayDay)) return displayDay(v.at);
    const time = /T(\d{2}:\d{2})/.exec(v.at)?.[1];
    return `${displayDay(v.at)}${time ? `, ${time} UTC` : ''}${!time || clash(v, (at) => at.slice(0, 16)) ? ` (revision ${v.revision})` : ''}`;
  };
  return (
    <div class="translation-notice-wrap">
      <aside class="notice translation-notice" aria-label="Versions of the translation">
        {props.showing !== undefined ? (
          <p>
            You are reading this document as it was published{shown ? ` on ${when(shown)}` : ''}. <a href={documentPath(id)}>Read the current version</a>.
          </p>
        ) : (
          <p>
            Translation revised on {displayDay(latest.at)}
            {latest.note ? `: ${latest.note}` : ''}.
          </p>
        )}
        <p>
          Versions of the translation:{' '}
          {versions.map((v, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              {v === latest && props.showing === undefined ? <span>{when(v)} (this page)</span> : <a href={link(v)}>{when(v)}</a>}
            </>
          ))}
        </p>
      </aside>
    </div>
  );
}
