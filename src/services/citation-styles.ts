/**
 * Citation styles for archival documents, in CSL (Citation Style Language),
 * rendered by citeproc through citation-js. General-purpose styles treat an
 * unpublished cable as a book or drop its repository and file number; these
 * three follow the rules each manual gives for archival and online-archive
 * material (Chicago 17th ed. 14.219–14.238; MLA 9th ed. 5.82, "works in
 * archives"; APA 7th ed. 10.8, "unpublished and archival works") and always
 * end with the stable URL and the date of access.
 *
 * Variables used (see citations.ts): author, translator, title, genre,
 * issued (with `circa`), archive, archive_location, collection-title,
 * container-title, section and page (a printed edition), publisher (the
 * digital archive), URL, accessed; version: the declassification release the
 * text cited is ("released March 18, 2025").
 * @module
 */

const info = (id: string, title: string) =>
  `<info><title>${title}</title><id>${id}</id><updated>2026-01-01T00:00:00+00:00</updated></info>`;

/**
 * The edition a document is printed in, as its editors cite it ("Foreign Relations of the United States,
 * 1918, Russia, Volume III, Document 10, pp. 7–8"), in italics as a book title; without one, the
 * archive's collection.
 */
const edition = `<macro name="edition"><choose><if variable="container-title"><group delimiter=", "><text variable="container-title" font-style="italic"/><text variable="section"/><group delimiter=" "><label variable="page" form="short"/><text variable="page"/></group></group></if><else><text variable="collection-title"/></else></choose></macro>`;

const head = (cls: 'note' | 'in-text', id: string, title: string, locale = '') =>
  `<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="${cls}" version="1.0" default-locale="en-US">${info(id, title)}${locale}${edition}`;

/** Chicago notes and bibliography: a footnote form (`citation`) and a bibliography entry. */
export const CHICAGO = `${head('note', 'dossier-chicago-archival', 'Chicago 17th edition, archival documents (Dossier)')}
<macro name="names-note"><names variable="author"><name and="text" delimiter=", "/></names></macro>
<macro name="names-bib"><names variable="author"><name and="text" delimiter=", " delimiter-precedes-last="always"/></names></macro>
<macro name="translator"><names variable="translator"><label form="verb" text-case="capitalize-first" suffix=" "/><name and="text" delimiter=", "/></names></macro>
<macro name="translator-note"><names variable="translator"><label form="verb" suffix=" "/><name and="text" delimiter=", "/></names></macro>
<macro name="date"><choose><if variable="issued"><choose><if is-uncertain-date="issued"><text term="circa" form="short" suffix=" "/></if></choose><date variable="issued" form="text"/></if><else><text term="no date" form="short"/></else></choose></macro>
<macro name="accessed"><group delimiter=" "><text term="accessed"/><date variable="accessed" form="text"/></group></macro>
<citation><layout suffix="."><group delimiter=", ">
  <text macro="names-note"/>
  <text variable="title" quotes="true"/>
  <group delimiter=" "><text variable="genre"/></group>
  <text macro="date"/>
  <text variable="version"/>
  <text macro="translator-note"/>
  <text variable="archive_location"/>
  <text variable="archive"/>
  <text macro="edition"/>
  <text variable="publisher"/>
  <text macro="accessed"/>
  <text variable="URL"/>
</group></layout></citation>
<bibliography hanging-indent="true"><layout suffix="."><group delimiter=". ">
  <text macro="names-bib"/>
  <text variable="title" quotes="true"/>
  <group delimiter=", "><text variable="genre"/><text macro="date"/><text variable="version"/></group>
  <text macro="translator"/>
  <group delimiter=", "><text variable="archive_location"/><text variable="archive"/></group>
  <group delimiter=", "><text macro="edition"/><text variable="publisher"/></group>
  <group delimiter=" "><text term="accessed" text-case="capitalize-first"/><date variable="accessed" form="text"/></group>
  <text variable="URL"/>
</group></layout></bibliography></style>`;

/** MLA 9th edition: author, "title", other contributors, date; the archive as a second container; the digital archive and URL; access date. */
export const MLA = `${head('in-text', 'dossier-mla-archival', 'MLA 9th edition, archival documents (Dossier)')}
<macro name="author"><names variable="author"><name and="text" delimiter=", " delimiter-precedes-last="always" et-al-min="3" et-al-use-first="1"/></names></macro>
<macro name="translator"><names variable="translator"><label form="verb" text-case="capitalize-first" suffix=" "/><name and="text" delimiter=", "/></names></macro>
<macro name="date"><choose><if variable="issued"><choose><if is-uncertain-date="issued"><text value="circa "/></if></choose><date variable="issued"><date-part name="day" suffix=" "/><date-part name="month" form="short" suffix=" "/><date-part name="year"/></date></if></choose></macro>
<macro name="accessed"><group delimiter=" "><text value="Accessed"/><date variable="accessed"><date-part name="day" suffix=" "/><date-part name="month" form="short" suffix=" "/><date-part name="year"/></date></group></macro>
<citation><layout prefix="(" suffix=")"><text macro="author"/></layout></citation>
<bibliography hanging-indent="true"><layout><group delimiter=" ">
  <group delimiter=". " suffix=".">
    <text macro="author"/>
    <text variable="title" quotes="true"/>
    <group delimiter=", "><text macro="translator"/><text macro="date"/><text variable="version"/></group>
    <group delimiter=", "><text variable="genre"/><text macro="edition"/><text variable="archive"/><text variable="archive_location"/></group>
    <group delimiter=", "><text variable="publisher" font-style="italic"/><text variable="URL"/></group>
    <text macro="accessed"/>
  </group>
</group></layout></bibliography></style>`;

/** APA 7th edition for unpublished and archival works: (date), title in italics [description], collection and archive, retrieval statement. */
export const APA = `${head('in-text', 'dossier-apa-archival', 'APA 7th edition, archival documents (Dossier)')}
<macro name="author"><names variable="author"><name and="symbol" delimiter=", " delimiter-precedes-last="always"/></names></macro>
<macro name="translator"><names variable="translator" prefix="(" suffix=")"><name and="symbol" delimiter=", "/><label form="short" prefix=", " text-case="capitalize-first"/></names></macro>
<macro name="date"><group prefix="(" suffix=")"><choose><if variable="issued"><choose><if is-uncertain-date="issued"><text term="circa" form="short" suffix=" "/></if></choose><date variable="issued"><date-part name="year"/><date-part name="month" prefix=", "/><date-part name="day" prefix=" "/></date></if><else><text term="no date" form="short"/></else></choose></group></macro>
<macro name="retrieved"><group delimiter=" "><text term="retrieved" text-case="capitalize-first"/><date variable="accessed" form="text"/></group></macro>
<citation><layout prefix="(" suffix=")"><group delimiter=", "><text macro="author"/><date variable="issued"><date-part name="year"/></date></group></layout></citation>
<bibliography hanging-indent="true"><layout><group delimiter=" ">
  <group delimiter=". " suffix=".">
    <text macro="author"/>
    <text macro="date"/>
    <group delimiter=" "><text variable="title" font-style="italic"/><text macro="translator"/><text variable="genre" prefix="[" suffix="]"/></group>
    <text variable="version" text-case="capitalize-first"/>
    <group delimiter=", "><group delimiter=" "><text macro="edition"/><text variable="archive_location" prefix="(" suffix=")"/></group><text variable="archive"/></group>
    <text variable="publisher"/>
  </group>
  <group delimiter=", "><text macro="retrieved"/><group delimiter=" "><text term="from"/><text variable="URL"/></group></group>
</group></layout></bibliography></style>`;
