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
  return (
    <div class="translation-notice-wrap">
      <aside class="notice translation-notice" aria-label="Versions of the translation">
        {props.showing !== undefined ? (
          <p>
            You are reading this document as it was published{shown ? ` on ${displayDay(shown.at)}` : ''}. <a href={documentPath(id)}>Read the current version</a>.
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
              {v === latest && props.showing === undefined ? <span>{displayDay(v.at)} (this page)</span> : <a href={link(v)}>{displayDay(v.at)}</a>}
            </>
          ))}
        </p>
      </aside>
    </div>
  );
}
