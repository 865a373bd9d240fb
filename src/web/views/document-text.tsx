/**
 * The texts of a document page: the cable header as structured fields, and
 * translation and original either one after the other (one column) or side
 * by side, paragraph by paragraph where they correspond. Translator's
 * insertions are marked, and every passage carries its language.
 * @module
 */
import type { Child } from 'hono/jsx';
import type { CableHeader, Document, Transcript, Translation } from '../../domain/document.js';
import { formatDateTimeTz, toInstant } from '../../domain/date-time.js';
import { languageDirection, languageName } from '../../domain/language.js';
import { alignUnits, markInsertions, splitUnits } from '../text/reading-text.js';
import { scriptLanguage } from '../text/script-lang.js';
import { documentPath } from '../urls.js';
import { Field } from './fields.js';
import { RichText } from './components.js';

export type ReadingView = 'one' | 'parallel';

export function textId(kind: 'translation' | 'original', language: string, index: number): string {
  return `${kind}-${language.toLowerCase()}${index > 0 ? `-${index + 1}` : ''}`;
}

/** Links that switch between one column and side by side; plain links, so they work without JavaScript. */
export function ViewSwitch(props: { doc: Document; view: ReadingView }) {
  const options: { view: ReadingView; label: string }[] = [
    { view: 'one', label: 'One column' },
    { view: 'parallel', label: 'Side by side' },
  ];
  return (
    <nav class="view-switch" aria-label="Reading view">
      <span class="view-switch__label" aria-hidden="true">
        View
      </span>
      <ul>
        {options.map((o) => (
          <li>
            <a
              href={`${documentPath(props.doc.id, o.view === 'parallel' ? 'parallel' : undefined)}#text`}
              aria-current={props.view === o.view ? 'true' : undefined}
              rel="nofollow"
            >
              {o.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function InsertionKey() {
  return (
    <p class="insertion-key">
      <span class="editorial">[Words in brackets]</span> and <span class="note">(Note: …)</span> were added by the translator or editor; they
      are not in the original.
    </p>
  );
}

/** Translation(s) then original(s), each in its own section. */
export function OneColumnTexts(props: { doc: Document }) {
  const { doc } = props;
  return (
    <>
      {doc.translations.map((t, i) => {
        const id = textId('translation', t.language, i);
        const marked = markInsertions(t.html, { original: doc.languages[0] });
        return (
          <section class="document__text" id={id} aria-labelledby={`${id}-h`}>
            <h2 id={`${id}-h`}>{languageName(t.language)} translation</h2>
            {i === 0 && doc.cable ? <CableHeaderView doc={doc} /> : null}
            {marked.count > 0 ? <InsertionKey /> : null}
            {t.title ? (
              <p class="document__text-title" lang={t.language}>
                {t.title}
              </p>
            ) : null}
            <RichText html={marked.html} lang={t.language} dir={languageDirection(t.language)} />
            <Credits translation={t} />
          </section>
        );
      })}
      {doc.transcripts.map((t, i) => {
        const id = textId('original', t.language, i);
        return (
          <section class="document__text document__text--original" id={id} aria-labelledby={`${id}-h`}>
            <h2 id={`${id}-h`}>Original ({languageName(t.language)})</h2>
            {doc.translations.length === 0 && i === 0 && doc.cable ? <CableHeaderView doc={doc} /> : null}
            {t.title ? (
              <p class="document__text-title" lang={t.language}>
                {t.title}
              </p>
            ) : null}
            <RichText html={t.html} lang={t.language} dir={languageDirection(t.language)} />
            {t.note ? <p class="muted">{t.note}</p> : null}
          </section>
        );
      })}
    </>
  );
}

/** The first translation beside the first original, row by row when their paragraphs correspond. */
export function ParallelTexts(props: {
  doc: Document;
  /** Said instead of the link to the one-column page where that page does not exist yet (the editor's preview of a draft). */
  furtherTextsHint?: string;
}) {
  const { doc } = props;
  const translation = doc.translations[0]!;
  const original = doc.transcripts[0]!;
  const marked = markInsertions(translation.html, { original: original.language });
  const { aligned, rows } = alignUnits(splitUnits(marked.html), splitUnits(original.html));
  const tLang = { lang: translation.language, dir: languageDirection(translation.language) };
  const oLang = { lang: original.language, dir: languageDirection(original.language) };
  const tHead = `${languageName(translation.language)} translation`;
  const oHead = `Original (${languageName(original.language)})`;
  return (
    <section class="document__text parallel-text" id="parallel" aria-labelledby="parallel-h">
      <h2 id="parallel-h">
        {tHead} and original, side by side
      </h2>
      {doc.cable ? <CableHeaderView doc={doc} /> : null}
      {marked.count > 0 ? <InsertionKey /> : null}
      {!aligned ? (
        <p class="notice">The paragraphs of this translation do not correspond one for one with the original, so the two are set beside each other without aligning them.</p>
      ) : null}
      <div class={`parallel ${aligned ? 'parallel--aligned' : 'parallel--free'}`}>
        <div class="parallel__row parallel__row--head" aria-hidden="true">
          <p class="parallel__head">{tHead}</p>
          <p class="parallel__head">{oHead}</p>
        </div>
        {translation.title || original.title ? (
          <div class="parallel__row">
            <p class="document__text-title" {...tLang}>
              {translation.title ?? ''}
            </p>
            <p class="document__text-title" {...oLang}>
              {original.title ?? ''}
            </p>
          </div>
        ) : null}
        {aligned ? (
          rows.map((r) => (
            <div class="parallel__row">
              <Cell html={r.translation?.html} {...tLang} />
              <Cell html={r.original?.html} {...oLang} />
            </div>
          ))
        ) : (
          <div class="parallel__row">
            <RichText html={marked.html} {...tLang} />
            <RichText html={original.html} {...oLang} />
          </div>
        )}
      </div>
      <Credits translation={translation} />
      {doc.translations.length > 1 || doc.transcripts.length > 1 ? (
        <p class="muted">
          This document has further texts;{' '}
          {props.furtherTextsHint ?? <a href={`${documentPath(doc.id)}#text`}>read them in one column</a>}.
        </p>
      ) : null}
    </section>
  );
}

function Cell(props: { html?: string; lang: string; dir: string }) {
  return props.html ? <RichText html={props.html} lang={props.lang} dir={props.dir} /> : <div class="rich-text parallel__empty" />;
}

function Credits(props: { translation: Translation | Transcript }) {
  const t = props.translation;
  return (
    <>
      {'translators' in t && t.translators.length > 0 ? <p class="muted">Translated by {t.translators.join(', ')}</p> : null}
      {t.note ? <p class="muted">{t.note}</p> : null}
    </>
  );
}

/** A cable's header as fields: number, offices, sent and received with their time zones, from, to, marks. */
export function CableHeaderView(props: { doc: Document }) {
  const c: CableHeader = props.doc.cable!;
  const original = props.doc.languages[0];
  return (
    <section class="cable-header" aria-label="Cable header">
      <dl>
        <Field label="Number" value={c.number} />
        <Field label="Primary office" value={c.primaryOffice} />
        <Field label="Sent" value={c.sent ? <TimeValue time={c.sent} lang={original} /> : undefined} />
        <Field label="Received" value={c.received ? <TimeValue time={c.received} lang={original} /> : undefined} />
        <Field label="In transit" value={transit(c)} />
        <Field label="From" value={c.from} />
        <Field label="To" value={c.to.join('; ') || undefined} />
        <Field label="Classification" value={props.doc.classification.join(', ') || undefined} />
        <Field label="Precedence" value={c.precedence} />
        <Field label="Handling" value={c.handling.join(', ') || undefined} />
      </dl>
    </section>
  );
}

function TimeValue(props: { time: NonNullable<CableHeader['sent']>; lang?: string }): Child {
  const t = props.time;
  const instant = toInstant(t);
  // The time as printed is in the cable's own language when it is written in that language's script.
  const printedLang = scriptLanguage(t.text, props.lang ? [props.lang] : []);
  return (
    <>
      {instant ? <time datetime={instant}>{formatDateTimeTz(t)}</time> : formatDateTimeTz(t)}
      {t.text ? (
        <span class="cable-header__printed">
          {' '}
          as printed: <span lang={printedLang}>{t.text}</span>
        </span>
      ) : null}
    </>
  );
}

/** How long the cable took, from two zoned times; nothing when either lacks a zone. */
function transit(c: CableHeader): string | undefined {
  const sent = c.sent && toInstant(c.sent);
  const received = c.received && toInstant(c.received);
  if (!sent || !received) return undefined;
  const minutes = Math.round((Date.parse(received) - Date.parse(sent)) / 60_000);
  if (minutes < 0 || minutes > 60 * 24 * 60) return undefined;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || 'under a minute';
}
