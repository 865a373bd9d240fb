/**
 * The bulk downloads page (/data): what each file holds, how big it is, its
 * checksum, and when the files were made from the archive.
 * @module
 */
import type { BulkManifest } from '../../ingest/bulk-files.js';
import { displayDay } from '../../domain/display.js';

export function DataDownloadsView(props: { manifest: BulkManifest }) {
  const m = props.manifest;
  return (
    <div class="page page--wide data-downloads">
      <h1>Download the archive</h1>
      <p class="lede">
        The whole public archive — {m.counts.documents.toLocaleString('en-US')} published documents, {m.counts.collections.toLocaleString('en-US')}{' '}
        collections and {m.counts.authorities.toLocaleString('en-US')} authority records — as files, for text mining or for a copy of your own.
        Drafts are never included.
      </p>
      <p>
        Generated <time datetime={m.generatedAt}>{displayDay(m.generatedAt)}</time> at {m.generatedAt.slice(11, 16)} UTC. The files are made again
        in the background after the archive changes; the <a href="/data/manifest.json">manifest</a> says when, and gives each file's SHA-256
        checksum. For record-by-record access, see the <a href="/api/v1/reference">JSON API</a>; to follow changes, its{' '}
        <code>/api/v1/changes</code>.
      </p>
      {m.files.map((f) => (
        <section class="data-file" aria-labelledby={`file-${f.name.replace(/\W+/g, '-')}`}>
          <h2 id={`file-${f.name.replace(/\W+/g, '-')}`}>
            <a href={`/data/${f.name}`} download>
              {f.name}
            </a>
          </h2>
          <p>{f.description}</p>
          <dl class="data-file__facts">
            <dt>Records</dt>
            <dd>{f.records.toLocaleString('en-US')}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(f.bytes)}</dd>
            <dt>SHA-256</dt>
            <dd>
              <code class="checksum">{f.sha256}</code>
            </dd>
          </dl>
        </section>
      ))}
      <p>
        To load <code>archive.jsonl.gz</code> into a Dossier of your own: unpack it and run <code>dossier import archive.jsonl</code>.
      </p>
    </div>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
