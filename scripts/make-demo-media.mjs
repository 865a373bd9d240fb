// Draws the demo archive's "scans": facsimile pages of three fictional sample
// documents, rendered in Chromium from their own sample text (never an image
// of a real document), plus a PDF of one of them. Output: demo/media/.
//   node scripts/make-demo-media.mjs
// Every page says, on its face, that it is a facsimile of fictional text.
// The images are committed; run this again only when the sample texts change,
// then copy the printed sizes into the documents' `media` entries.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'demo', 'media');
const WIDTH = 1240; // A4 at 150 dpi
const HEIGHT = 1754;

const records = ['12-sample-embassy-cables.json', '13-sample-soviet-memoranda.json', '14-sample-cross-strait-papers.json'].flatMap((f) =>
  JSON.parse(readFileSync(join(ROOT, 'demo', 'records', f), 'utf8')),
);
const doc = (id) => records.find((r) => r.id === id);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const NOTICE = 'FACSIMILE DRAWN BY DOSSIER FROM FICTIONAL SAMPLE TEXT · NOT A SCAN OF A REAL DOCUMENT';

const base = (body, css) => `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; }
  body { width: ${WIDTH}px; height: ${HEIGHT}px; position: relative; overflow: hidden;
    background: radial-gradient(ellipse at 30% 20%, #f6efdc 0%, #ede2c6 60%, #e2d3ae 100%); color: #2b2620; }
  body::before { content: ""; position: absolute; inset: 0; background-image:
    repeating-linear-gradient(0deg, rgba(120,90,40,0.025) 0 2px, transparent 2px 5px),
    repeating-linear-gradient(90deg, rgba(120,90,40,0.02) 0 1px, transparent 1px 7px); }
  .notice { position: absolute; left: 0; right: 0; bottom: 28px; text-align: center; font: 600 17px "DejaVu Sans", sans-serif;
    letter-spacing: 0.08em; color: #8a2b1f; }
  .notice span { border: 2px solid #8a2b1f; padding: 6px 14px; background: rgba(255,250,235,0.85); }
  ${css}
</style></head><body>${body}<div class="notice"><span>${NOTICE}</span></div></body></html>`;

/** A Japanese telegram form: ruled header boxes, red secrecy stamp, the text typed horizontally. */
function japaneseTelegram(d) {
  const t = d.transcripts[0];
  const header = t.html.match(/<div class="header">([\s\S]*?)<\/div>/)[1];
  const body = t.html.replace(/<div class="header">[\s\S]*?<\/div>/, '');
  return base(
    `<div class="form">
      <div class="title">電 信 写</div>
      <div class="stamp">秘</div><div class="stamp stamp--urgent">大至急</div>
      <table class="boxes"><tr><th>発信</th><td>モスクワ　五月二十一日後七時三十分発</td><th>番号</th><td>第一八七号</td></tr>
      <tr><th>着信</th><td>本省　五月二十二日前二時十五分着</td><th>暗号</th><td>暗</td></tr></table>
      <div class="head">${header}</div>
      <div class="text">${body}</div>
      <div class="file">${esc(d.source.fileNumber)}</div>
    </div>`,
    `.form { position: absolute; inset: 90px 110px 120px; font: 27px/1.9 "Noto Serif CJK JP", serif; }
     .title { text-align: center; font-size: 44px; letter-spacing: 0.4em; border-bottom: 3px double #3b3226; padding-bottom: 10px; margin-bottom: 26px; }
     .stamp { position: absolute; top: -30px; right: 10px; width: 110px; height: 110px; border: 5px solid rgba(178,34,34,0.8); border-radius: 50%;
       color: rgba(178,34,34,0.85); font: 700 62px/100px "Noto Serif CJK JP", serif; text-align: center; transform: rotate(-12deg); }
     .stamp--urgent { top: 90px; right: -20px; width: auto; height: auto; border-radius: 6px; padding: 0 14px; font-size: 34px; line-height: 56px; transform: rotate(6deg); }
     .boxes { border-collapse: collapse; width: 82%; margin-bottom: 22px; font-size: 24px; }
     .boxes th, .boxes td { border: 2px solid #4a3f30; padding: 4px 12px; text-align: left; font-weight: 400; }
     .boxes th { width: 80px; background: rgba(90,70,40,0.06); }
     .head p { margin: 0; } .head p:first-child, .head p:nth-child(2) { display: none; }
     .text { margin-top: 16px; } .text p { margin: 0 0 10px; text-indent: 1em; } .text ol { margin: 0; padding-left: 1.6em; list-style: cjk-ideographic; }
     .text li { margin-bottom: 6px; } .closer { text-align: right; }
     .file { position: absolute; bottom: -40px; left: 0; font: 18px "DejaVu Sans Mono", monospace; color: #5a4e3c; }`,
  );
}

/** A Soviet typewritten memorandum in two pages, with a "СЕКРЕТНО" mark and a carbon-copy blur. */
function russianMemo(d, part) {
  const t = d.transcripts[0];
  const paragraphs = [...t.html.matchAll(/<(p|div)([^>]*)>([\s\S]*?)<\/\1>/g)].map((m) => m[0]);
  const header = paragraphs.shift();
  const pages = [paragraphs.slice(0, 3), paragraphs.slice(3)];
  const body = pages[part].join('\n');
  return base(
    `<div class="sheet">
      ${part === 0 ? `<div class="secret">СЕКРЕТНО<br><small>Экз. № 2</small></div><div class="head">${header}</div>` : `<div class="pageno">— 2 —</div>`}
      <div class="text">${body}</div>
      <div class="archive">${esc(d.source.fileNumber)}, л. ${77 + part}</div>
    </div>`,
    `.sheet { position: absolute; inset: 120px 130px 140px 150px; font: 28px/1.75 "DejaVu Sans Mono", "Liberation Mono", monospace;
       color: #27231f; text-shadow: 0 0 1px rgba(39,35,31,0.55), 0.6px 0.3px 0 rgba(39,35,31,0.25); }
     .secret { position: absolute; right: 0; top: -40px; text-align: right; font-weight: 700; letter-spacing: 0.12em; }
     .secret small { font-size: 22px; font-weight: 400; letter-spacing: 0; }
     .head { text-align: center; margin: 70px 0 40px; } .head p { margin: 0 0 18px; } .head p:first-child { display: none; }
     .text p { margin: 0 0 22px; text-indent: 2.5em; text-align: justify; } .closer { text-align: right; text-indent: 0 !important; }
     .pageno { text-align: center; margin-bottom: 40px; }
     .archive { position: absolute; bottom: -70px; left: -60px; font-size: 19px; color: #5b4f3e; transform: rotate(-1.5deg);
       border: 2px solid rgba(60,70,140,0.6); color: rgba(50,60,140,0.85); padding: 4px 10px; }`,
  );
}

/** A diary page in vertical writing on a ruled manuscript sheet. */
function chineseDiary(d) {
  const t = d.transcripts[0];
  const lines = [...t.html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]);
  return base(
    `<div class="sheet"><div class="text">${lines.map((l) => `<p>${l}</p>`).join('')}</div><div class="seal">王</div></div>`,
    `.sheet { position: absolute; inset: 110px 120px 150px; border: 3px solid rgba(150,40,30,0.55);
       background-image: repeating-linear-gradient(270deg, rgba(150,40,30,0.35) 0 2px, transparent 2px 80px); background-position: right top; }
     .text { position: absolute; top: 0; right: 0; height: 100%; box-sizing: border-box; writing-mode: vertical-rl;
       font: 40px/80px "Noto Serif CJK TC", serif; padding: 34px 0; color: #1f1a16; letter-spacing: 0.14em; }
     .text p { margin: 0 0 0 0; }
     .seal { position: absolute; left: 40px; top: 40px; width: 90px; height: 90px; background: rgba(178,34,34,0.82); color: #f3e6cf;
       font: 700 60px/90px "Noto Serif CJK TC", serif; text-align: center; border-radius: 6px; }`,
  );
}

const PAGES = [
  { file: 'demo-0029-p1.jpg', html: () => japaneseTelegram(doc('demo-0029')) },
  { file: 'demo-0039-p1.jpg', html: () => russianMemo(doc('demo-0039'), 0) },
  { file: 'demo-0039-p2.jpg', html: () => russianMemo(doc('demo-0039'), 1) },
  { file: 'demo-0044-p1.jpg', html: () => chineseDiary(doc('demo-0044')) },
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
const images = new Map();
for (const p of PAGES) {
  await page.setContent(p.html(), { waitUntil: 'load' });
  const jpg = await page.screenshot({ type: 'jpeg', quality: 78 });
  writeFileSync(join(OUT, p.file), jpg);
  images.set(p.file, jpg);
  console.log(`${p.file}\t${WIDTH}x${HEIGHT}\t${jpg.length} bytes`);
}
await browser.close();

// The memorandum as one PDF, as an archive would deliver it; metadata says what it is.
const pdf = await PDFDocument.create();
pdf.setTitle(doc('demo-0039').title);
pdf.setSubject('Facsimile drawn by Dossier from fictional sample text; not a scan of a real document.');
pdf.setProducer('Dossier scripts/make-demo-media.mjs (pdf-lib)');
pdf.setCreationDate(new Date('2025-01-01T00:00:00Z'));
pdf.setModificationDate(new Date('2025-01-01T00:00:00Z'));
for (const file of ['demo-0039-p1.jpg', 'demo-0039-p2.jpg']) {
  const image = await pdf.embedJpg(images.get(file));
  const pdfPage = pdf.addPage([595.28, 841.89]);
  pdfPage.drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
}
const bytes = await pdf.save({ useObjectStreams: true });
writeFileSync(join(OUT, 'demo-0039.pdf'), bytes);
console.log(`demo-0039.pdf\t2 pages\t${bytes.length} bytes`);
