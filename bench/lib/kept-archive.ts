/**
 * Benchmarks build their archives once and keep them in a folder for later
 * runs (a `built` file marks one finished). An archive kept from a run of
 * another version of Dossier may not open with this one, its migrations
 * differing; this says so before the run starts, naming the folder and how
 * to have it built again, rather than failing on the first open inside it.
 * The folder is not removed here: another checkout may be measuring on it.
 * @module
 */
import { ArchiveVersionError } from '../../src/backends/sql/migrate-catalog.js';
import { openArchive } from '../../src/open-archive.js';

/** Opens and closes the archive kept in `dir`; throws a clear error when another version wrote it. */
export async function checkKeptArchive(dir: string, bench: string, rebuildFlag?: string): Promise<void> {
  try {
    const archive = await openArchive({ dataDir: dir });
    await archive.backend.close();
  } catch (error) {
    if (!(error instanceof ArchiveVersionError)) throw error;
    throw new Error(
      `${bench} keeps the archive it builds in ${dir}, and this version of Dossier cannot open the one there: it ${error.reason}. ` +
        (rebuildFlag ? `Run ${bench} with ${rebuildFlag} to build it again with this version` : `Remove the folder (rm -rf ${dir}) and run ${bench} again to build it with this version`) + ', or give it another --dir.',
      { cause: error },
    );
  }
}
