/**
 * `/documents/<id>/releases`: the later release's text with what the earlier
 * one lacked marked `<ins>` and what it had marked `<del>`, page by page;
 * the passages newly released, counted and listed with links to their
 * place; and a plain GET form to compare any two releases. `<ins>` and
 * `<del>` are not announced by most screen readers, so each carries words
 * of its own ("newly released:", "not in this release:") for them, hidden
 * from sight; colour is never the only mark (underline, strike-through).
 * @module
 */
import { displayDate } from '../../domain/display.js';
import type { ReleaseComparison, Segment } from '../../domain/release-diff.js';
import { escapeHtml } from '../../domain/rich-text.js';
import type { ReleaseComparisonPage } from '../../services/releases.js';
import { documentPath, releasesPath, releaseYearPath } from '../urls.js';
import { Breadcrumbs } from './components.js';

/**
 * The text as one HTML string, page by page and paragraph by paragraph, each
 * run of words of one kind (and one passage) in one element; removed words
 * stand where the later text lost them. A long record is tens of thousands
 * of words in thousands of runs, so the HTML is written in one pass over the
 * words, escaped run by run, with no tree of pages and runs built first (nor
 * a JSX node per run).
 */
function textHtml(segments: Segment[], minPassage: number): string {
  const out: string[] = [];
  let page = 0; // the page being written (0: none yet)
  let inPara = false; // a <p> is open
  let runKind: Segment['kind'] | undefined;
  let runPassage: number | undefined;
  let runText = '';
  let passage = 0;
  // The last passage whose id was written: a passage running over a paragraph or page break is two
  // elements, and only the first carries the id the list of passages links to.
  let anchored = 0;
  const flushRun = () => {
    if (runKind === undefined) return;
    const text = escapeHtml(runText);
    if (runKind === 'same') out.push(text);
    else if (runKind === 'added') {
      const id = runPassage && runPassage > anchored ? ` id="passage-${(anchored = runPassage)}"` : '';
      out.push(`<ins${id}><span class="visually-hidden">[newly released: </span>${text}<span class="visually-hidden">]</span></ins>`);
    } else out.push(`<del><span class="visually-hidden">[not in this release: </span>${text}<span class="visually-hidden">]</span></del>`);
    runKind = undefined;
  };
  const endPara = () => {
    flushRun();
    if (inPara) out.push('</p>');
    inPara = false;
  };
  const startPage = (n: number) => {
    endPara();
    if (page) out.push('</section>');
    page = n;
    out.push(`<section class="release-page" aria-label="Page ${n}" id="page-${n}"><h3 class="release-page__n">Page ${n}</h3>`);
  };
  for (const s of segments) {
    const run = s.kind === 'added' && s.tokens.length >= minPassage ? ++passage : undefined;
    for (const t of s.tokens) {
      // Words of the later release start its pages and paragraphs; a removed word joins where it stands.
      if (s.kind !== 'removed' && page !== t.page) startPage(t.page);
      else if (s.kind !== 'removed' && t.para) endPara();
      if (!page) startPage(1);
      if (runKind === s.kind && runPassage === run) {
        runText += t.gap ? ` ${t.text}` : t.text;
        continue;
      }
      // A new run: a space before it when the word had one and the paragraph already has a run.
      if (runKind !== undefined) {
        flushRun();
        if (t.gap) out.push(' ');
      } else if (inPara && t.gap) out.push(' ');
      if (!inPara) out.push('<p>');
      inPara = true;
      runKind = s.kind;
      runPassage = run;
      runText = t.text;
    }
  }
  endPara();
  if (page) out.push('</section>');
  return out.join('');
}

/**
 * The text's HTML, written once per comparison object: a comparison kept
 * across requests (ReleaseComparisons) is the same object each time, and
 * its HTML (a long record's is most of the rest of the page) the same too.
 */
const written = new WeakMap<ReleaseComparison, Map<string, string>>();

function comparedHtml(c: ReleaseComparison, first: boolean, minPassage: number): string {
  let forms = written.get(c);
  if (!forms) written.set(c, (forms = new Map()));
  const key = `${first}:${minPassage}`;
  let html = forms.get(key);
  if (html === undefined) {
    html = textHtml(first ? [{ kind: 'same', tokens: c.segments.flatMap((s) => s.tokens) }] : c.segments, minPassage);
    forms.set(key, html);
  }
  return html;
}

export function ReleaseCompareView(props: { page: ReleaseComparisonPage; minPassage: number; citation: string }) {
  const { details, from, to, comparison: c } = props.page;
  const doc = details.document;
  const first = from.id === 'none';
  // The released text is in the release's language (the document's original, as a rule), not the page's.
  const lang = to.language ?? doc.languages[0];
  const html = comparedHtml(c, first, props.minPassage);
  const words = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'word' : 'words'}`;
  return (
    <div class="page page--releases">
      <Breadcrumbs items={[{ href: '/', label: 'Home' }, { href: documentPath(doc.id), label: doc.title }, { label: 'Releases' }]} />
      <h1>
        What changed: <a href={documentPath(doc.id)}>{doc.title}</a>
      </h1>
      <form class="release-compare__form" method="get" action={releasesPath(doc.id)}>
        <label>
          Compare{' '}
          <select name="from">
            {doc.releases.map((r) => (
              <option value={r.id} selected={r.id === from.id}>{r.name}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          with{' '}
          <select name="to">
            {doc.releases.map((r) => (
              <option value={r.id} selected={r.id === to.id}>{r.name}</option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">Compare</button>
      </form>
      <section class="release-compare__summary" aria-labelledby="summary-h">
        <h2 id="summary-h">{first ? `${to.name}: the only release` : `${from.name} → ${to.name}`}</h2>
        {first ? (
          <p>This is the document's first release: all of its text is what it revealed.</p>
        ) : (
          <>
            <p>
              The {displayDate(to.date)} release has <strong>{words(c.addedWords)}</strong> that the {displayDate(from.date)} release did not
              {c.pagesChanged.length ? ` (on ${c.pagesChanged.length === 1 ? 'page' : 'pages'} ${c.pagesChanged.join(', ')})` : ''}, and lacks{' '}
              {words(c.removedWords)} it had. <strong>{c.passages.length}</strong> {c.passages.length === 1 ? 'passage' : 'passages'} withheld in the
              earlier release {c.passages.length === 1 ? 'is' : 'are'} present in the later one.
            </p>
            <p class="release-compare__legend">
              <ins>Underlined</ins> words are new in the later release; <del>struck-through</del> words were in the earlier one only. Differences
              that OCR makes in reading the same page twice are not shown.
            </p>
            {c.passages.length > 0 ? (
              <>
                <h3>Newly released passages</h3>
                <ol class="release-compare__passages">
                  {c.passages.map((p, i) => (
                    <li>
                      <a href={`#passage-${i + 1}`}>Page {p.page}</a>: “<span lang={lang}>{p.text}</span>” <span class="muted">({words(p.words)})</span>
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </>
        )}
        {c.unaligned ? <p class="notice">The two texts are too different to compare word by word; every word is shown as changed.</p> : null}
      </section>
      <section class="release-compare__text" aria-labelledby="text-h">
        <h2 id="text-h">{to.name}: the text</h2>
        <div class="release-compare__pages" lang={lang} dangerouslySetInnerHTML={{ __html: html }} />
      </section>
      <section class="release-compare__cite" aria-labelledby="cite-h">
        <h2 id="cite-h">Cite this release</h2>
        {/* citeproc escapes what it renders. */}
        <p class="citation" dangerouslySetInnerHTML={{ __html: props.citation }} />
      </section>
      <p>
        <a href={releaseYearPath(to.date.slice(0, 4))}>Everything the {to.date.slice(0, 4)} releases changed</a>
      </p>
    </div>
  );
}
