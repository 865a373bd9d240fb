/**
 * The search help page (/search/help): the query language, with an example
 * of each construct, and what search understands about names, scripts and
 * dates. The short version sits on the empty search page.
 * @module
 */

const SYNTAX: [string, string][] = [
  ['Zhou Enlai trade', 'documents with all of these words (in any order)'],
  ['"yen loan"', 'an exact phrase'],
  ['Beijing OR Peking', 'either word (also | )'],
  ['treaty -draft', 'without a word (also NOT draft)'],
  ['normaliz*', 'words beginning so (at least two letters)'],
  ['(Beijing OR Peking) trade', 'parentheses group words'],
  ['title:communiqué', 'a word in the title only; also text:, summary:, person:, place:, classification:, id:'],
  ['person:"Chou En-lai"', 'a name among the people a document is catalogued with'],
  ['type:cable', 'documents of a type (by id or name); type:"memorandum of conversation"'],
  ['lang:ja', 'documents in a language, original or translation (code or English name)'],
  ['collection:sino-japanese-relations', 'documents in a collection and its sections (by id or title)'],
  ['release:2025', 'documents released (or re-released) in 2025; each year\'s releases have a page under /releases'],
  ['new:2025 "Mexico City"', 'words only in what a 2025 release newly revealed (text withheld before, or never released)'],
  ['date:1955', 'documents whose date overlaps 1955 — including ones dated only "1950s" or "1955~"'],
  ['date:1950..1960', 'a range of dates; date:1950-1960 too; date:..1945 or date:1989.. are open-ended'],
  ['date:1948-06', 'a month (or a day: date:1984-03-25)'],
];

export function SearchSyntaxList() {
  return (
    <dl class="search-syntax">
      {SYNTAX.map(([example, meaning]) => (
        <>
          <dt>
            <code>{example}</code>
          </dt>
          <dd>{meaning}</dd>
        </>
      ))}
    </dl>
  );
}

export function SearchHelpView() {
  return (
    <div class="page search-help-page">
      <h1>How to search</h1>
      <p>
        Type words, names or phrases. Every word must occur; the best matches come first, with the passages that matched. The filters beside the
        results narrow them by collection, date, type, language, people, places and more; several values of one filter mean “any of them”.
      </p>
      <h2>The query language</h2>
      <SearchSyntaxList />
      <h2>Names, scripts and spellings</h2>
      <ul>
        <li>
          Accents and case do not matter: <code>Lushun</code> finds “Lüshun”, <code>Ёлка</code> and <code>елка</code> are one word.
        </li>
        <li>
          English and Russian words are found in their other forms: <code>treaties</code> finds “treaty”, <code>переговоры</code> finds
          “переговоров”.
        </li>
        <li>
          Chinese and Japanese are found inside sentences, and part of a name finds the name: <code>正常化</code>, <code>介石</code>. Traditional and
          simplified characters are one: <code>蒋介石</code> finds “蔣介石”. Korean words are found inside longer words too.
        </li>
        <li>
          People, organizations and places are searched under all their names: <code>Jiang Jieshi</code> also finds “Chiang Kai-shek” and “蔣介石”, and
          each result says which name it matched.
        </li>
      </ul>
      <h2>Dates</h2>
      <p>
        Documents are dated as precisely as their sources allow: a day, a month, a year, a decade, or “about” (1955~) and “perhaps” (1955?). A date
        filter finds every document whose date <em>could</em> fall in the range you ask for: a document dated “1955” is found by a search for 1950–1960
        and by one for June 1955. Choose “exact dates only” to leave out approximate and uncertain dates. Sorted by date, a document dated “1955”
        comes at the start of 1955, and undated documents come last.
      </p>
      <p>
        <a href="/search">Back to search</a>
      </p>
    </div>
  );
}
