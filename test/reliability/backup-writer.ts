/**
 * A separate process that writes one new document per transaction, as fast
 * as it can, into the archive named on the command line, and prints each
 * number once it is committed. The backup test runs it during a backup.
 */
import { parseArchiveRecord } from '../../src/domain/archive-record.js';
import { openArchive } from '../../src/open-archive.js';

const archive = await openArchive({ dataDir: process.argv[2]! });
let stop = false;
process.on('SIGTERM', () => { stop = true; });
for (let n = 1; !stop; n++) {
  const parsed = parseArchiveRecord({
    kind: 'document', id: `w-${n}`, title: `Written during the backup ${n}`, date: '1970', summary: `Write number ${n}.`,
    collections: [{ id: 'test-cables' }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  await archive.save(parsed.record, { actor: 'writer' });
  process.stdout.write(`${n}\n`);
  await new Promise((r) => setImmediate(r));
}
await archive.backend.close();
