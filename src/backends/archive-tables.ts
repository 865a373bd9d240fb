/** Tables whose presence says a database (or a backup of one) holds a Dossier archive, on every backend. */
export const ARCHIVE_TABLES: readonly string[] = ['documents', 'collections', 'authorities', 'revisions', 'settings', 'kysely_migration'];
