/**
 * A table or column name as a quoted SQL identifier, for the statements
 * built from a name read at run time (COPY, copying an archive's tables).
 * SQLite and PostgreSQL quote alike: in double quotes, a double quote doubled.
 * @module
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
