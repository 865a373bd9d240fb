/**
 * The import report as text: totals, then each failure with its file, line
 * or record, record id, field and reason, then warnings, then every undated document.
 * @module
 */
import type { ImportReport } from '../ingest/import-service.js';
import { formatLocator } from '../ingest/source-item.js';
import { sumAccounts } from '../ingest/accounting/text-account.js';

export function formatReport(report: ImportReport, options: { maxWarnings?: number } = {}): string {
  const lines: string[] = [];
  const total = report.created + report.updated + report.unchanged + report.failed;
  lines.push(
    `Imported ${total} record${total === 1 ? '' : 's'} in ${(report.durationMs / 1000).toFixed(1)} s: ` +
      `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed.`,
  );
  const kinds = Object.entries(report.byKind).map(
    ([kind, c]) => `  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`,
  );
  lines.push(...kinds);
  if (report.derivedCreated > 0) lines.push(`  ${report.derivedCreated} authority records created from names in the source.`);
  if (report.linked.length > 0) {
    lines.push(`  ${report.linked.length} ${report.linked.length === 1 ? 'person' : 'people'} linked to existing records of the same name instead of duplicated:`);
    const max = options.maxWarnings ?? 50;
    for (const l of report.linked.slice(0, max)) lines.push(`    ${l.name} (${l.id}) → ${l.into}`);
    if (report.linked.length > max) lines.push(`    … and ${report.linked.length - max} more (--json prints them all)`);
  }
  if (total > 0 && report.created === 0 && report.updated === 0 && report.failed === 0) {
    lines.push('Nothing changed: every record was already in the archive exactly so.');
  }
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} of the folders given, not records of the format read (a corpus reads some with others: translations, indexes):`);
    for (const f of report.skipped.slice(0, 20)) lines.push(`  ${f}`);
    if (report.skipped.length > 20) lines.push(`  … and ${report.skipped.length - 20} more (--json lists them all)`);
  }
  if (report.texts.length > 0) {
    // Every source file's words against the words of its records (docs/importers.md, "Text accounting").
    const sum = sumAccounts(report.texts);
    const n = (x: number) => x.toLocaleString('en-US');
    const leftOut = sum.leftOut.reduce((t, r) => t + r.words, 0);
    lines.push(
      `Text accounting: ${n(sum.files)} file${sum.files === 1 ? '' : 's'}, ${n(sum.sourceWords)} words in the sources, ${n(leftOut)} left out by rule, ${n(sum.unexplained)} unexplained.`,
    );
    for (const r of sum.leftOut) lines.push(`  left out: ${n(r.words)} — ${r.rule}`);
    for (const a of report.texts.filter((t) => t.unexplained > 0 || t.error)) {
      lines.push(`  ${a.file}: ${a.error ?? `${n(a.unexplained)} words not in any record (${(a.missing ?? []).join(', ')})`}`);
    }
  }
  if (report.failures.length > 0) {
    lines.push('', `Failed records (${report.failures.length}); nothing of these was written:`);
    for (const f of report.failures) {
      const what = [f.kind, f.id && `"${f.id}"`].filter(Boolean).join(' ');
      for (const issue of f.issues) {
        lines.push(`  ${formatLocator(f.locator)}${what ? ` ${what}` : ''}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
      }
    }
  }
  if (report.warnings.length > 0) {
    const max = options.maxWarnings ?? 50;
    lines.push('', `Warnings (${report.warnings.length}):`);
    for (const w of report.warnings.slice(0, max)) lines.push(`  ${formatLocator(w.locator)}: ${w.message}`);
    if (report.warnings.length > max) lines.push(`  … and ${report.warnings.length - max} more (--json prints them all)`);
  }
  if (report.undated?.length) {
    const max = options.maxWarnings ?? 50;
    lines.push('', `Undated documents (${report.undated.length}): no date could be read or trusted; each keeps any date text its source gives.`);
    for (const u of report.undated.slice(0, max)) lines.push(`  ${formatLocator(u.locator)}: ${u.id}`);
    if (report.undated.length > max) lines.push(`  … and ${report.undated.length - max} more (--json prints them all)`);
  }
  return lines.join('\n');
}
