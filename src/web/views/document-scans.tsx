/**
 * Scans of the original: page images and PDFs. Without JavaScript each page
 * is an image linked to its full size, and every file has a download link;
 * site.js turns the pages into a zoomable OpenSeadragon viewer with its own
 * keyboard-operable buttons, reading each page's IIIF tiles (info.json of
 * the level 0 image service, docs/iiif.md). The IIIF manifest is linked for
 * other viewers.
 * @module
 */
import type { Document, Media } from '../../domain/document.js';
import { imageIdFor, isLocalMediaPath } from '../../media/image-ids.js';
import { imageServicePath, manifestPath } from '../protocols/iiif/iiif-urls.js';
import { mediaPath } from '../urls.js';

export function hasScans(doc: Document): boolean {
  return doc.media.length > 0;
}

export function Scans(props: { doc: Document }) {
  const images = props.doc.media.filter((m) => m.kind === 'image');
  const pdfs = props.doc.media.filter((m) => m.kind === 'pdf');
  const pages = images.map((m, i) => ({
    url: mediaPath(m.url),
    // Scans in the media folder open as IIIF tiles; a remote image is shown whole.
    info: isLocalMediaPath(m.url) ? `${imageServicePath(props.doc.id, imageIdFor(m.url))}/info.json` : undefined,
    label: m.label ?? `Page ${i + 1}`,
    width: m.width,
    height: m.height,
  }));
  const iiif = props.doc.media.some((m) => isLocalMediaPath(m.url));
  const pdfPages = images.length === 0 && pdfs.some((m) => isLocalMediaPath(m.url));
  return (
    <section id="scans" class="scans" aria-labelledby="scans-h">
      <h2 id="scans-h">Scans of the original</h2>
      {props.doc.sample ? (
        <p class="muted">These facsimiles were drawn by Dossier from the sample text; no real document was scanned.</p>
      ) : null}
      {images.length > 0 ? (
        <>
          <ScanViewer pages={JSON.stringify(pages)} several={images.length > 1} label={pages[0]?.label ?? ''} />
          <ol class="scan-pages">
            {images.map((m, i) => (
              <ScanPage media={m} index={i} total={images.length} title={props.doc.title} />
            ))}
          </ol>
        </>
      ) : pdfPages ? (
        <>
          {/* No page images: the viewer reads the PDF's pages from the manifest (site.js shows this button). */}
          <p>
            <button type="button" class="scan-open" hidden>
              View the pages
            </button>
          </p>
          <ScanViewer manifest={manifestPath(props.doc.id)} several label="page 1" />
        </>
      ) : null}
      <ul class="downloads">
        {pdfs.map((m) => (
          <li>
            <a href={mediaPath(m.url)} download>
              {m.label ?? 'Scan'} (PDF{m.pages ? `, ${m.pages} ${m.pages === 1 ? 'page' : 'pages'}` : ''})
            </a>
          </li>
        ))}
        {images.map((m, i) => (
          <li>
            <a href={mediaPath(m.url)} download>
              {m.label ?? `Page ${i + 1}`} ({formatName(m)}
              {m.width && m.height ? `, ${m.width} × ${m.height} pixels` : ''})
            </a>
          </li>
        ))}
        {iiif ? (
          <li>
            <a href={manifestPath(props.doc.id)} type="application/ld+json">
              IIIF manifest
            </a>{' '}
            <span class="muted">(open the scans in Mirador, Universal Viewer or another IIIF viewer)</span>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** The viewer's frame and its buttons; site.js fills it from `data-pages` or, for PDF pages, from the manifest. */
function ScanViewer(props: { pages?: string; manifest?: string; several: boolean; label: string }) {
  return (
    <div class="scan-viewer" id="scan-viewer" data-pages={props.pages} data-manifest={props.manifest} hidden>
      <div class="scan-viewer__toolbar" role="toolbar" aria-label="Scan viewer" aria-controls="scan-viewer-canvas">
        <button type="button" data-action="zoom-in">Zoom in</button>
        <button type="button" data-action="zoom-out">Zoom out</button>
        <button type="button" data-action="home">Fit page</button>
        <button type="button" data-action="rotate">Rotate</button>
        <button type="button" data-action="full">Full screen</button>
        {props.several ? (
          <>
            <button type="button" data-action="previous">Previous page</button>
            <button type="button" data-action="next">Next page</button>
          </>
        ) : null}
        <span class="scan-viewer__status" aria-live="polite" />
      </div>
      <div class="scan-viewer__canvas" id="scan-viewer-canvas" role="img" aria-label={`Zoomable scan: ${props.label}`} />
      <p class="muted scan-viewer__help">Drag to move, scroll or pinch to zoom. With the scan focused, the arrow keys move it and + and − zoom.</p>
    </div>
  );
}

function ScanPage(props: { media: Media; index: number; total: number; title: string }) {
  const m = props.media;
  const label = m.label ?? `Page ${props.index + 1}`;
  return (
    <li class="scan-page">
      <figure>
        <a href={mediaPath(m.url)} class="scan-page__link" data-page={props.index}>
          <img
            src={mediaPath(m.url)}
            width={m.width}
            height={m.height}
            loading={props.index === 0 ? 'eager' : 'lazy'}
            decoding="async"
            alt={`${label} of the original of “${props.title}” (scan${props.total > 1 ? `, ${props.index + 1} of ${props.total}` : ''})`}
          />
        </a>
        <figcaption>{label}</figcaption>
      </figure>
    </li>
  );
}

function formatName(m: Media): string {
  const ext = /\.([a-z0-9]+)$/i.exec(m.url)?.[1]?.toUpperCase();
  return m.mimeType?.split('/')[1]?.toUpperCase() ?? ext ?? 'image';
}
