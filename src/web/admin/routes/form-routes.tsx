/**
 * Creating and editing documents through the form. A save validates with
 * the same schema as the importers; refused, the form comes back with every
 * issue beside its field and everything typed kept. A save started from an
 * older revision gets the conflict page with both versions. "Check without
 * saving" shows the date's reading and every issue, and writes nothing.
 * @module
 */
import type { Context, Hono } from 'hono';
import { documentSchema } from '../../../domain/document.js';
import { zodIssues } from '../../../domain/archive-record.js';
import { ArchiveBusyError, ForbiddenError, RecordExistsError, StaleRevisionError, StorageError, ValidationError, type Issue } from '../../../domain/errors.js';
import { describeError } from '../../errors.js';
import { diffDocuments } from '../../../domain/record-diff.js';
import { can } from '../../../domain/roles.js';
import { AUTHORITY_KINDS } from '../../../domain/authority.js';
import { resolveReferenceNames, suggestNames } from '../../../services/reference-names.js';
import { z } from 'zod';
import { decodeId, parseQuery } from '../../context.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { adminPaths } from '../admin-urls.js';
import { documentToForm, formToInput, type FormValues } from '../document-form-data.js';
import { ConflictNotice } from '../views/conflict-view.js';
import { DocumentForm } from '../views/document-form.js';
import { TextPreviewBody, TextPreviewPane } from '../views/text-preview.js';
import { previewTexts, type TextPreview } from '../../../services/text-preview.js';
import type { ReadingView } from '../../views/document-text.js';

export function registerFormRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const { editorial } = ctx;

  const form = (c: Context<AdminEnv>, p: { id?: string; values: FormValues; issues?: Issue[]; revision?: number; notice?: string; status?: number; before?: unknown; preview?: TextPreview; view?: ReadingView }) => {
    const s = c.get('session')!;
    const isNew = p.id === undefined;
    const action = isNew ? '/admin/new' : adminPaths.edit(p.id!);
    // Without a preview of its own (a refused save, a conflict), the pane shows what was typed.
    const preview = p.preview ?? previewTexts(p.id, formToInput(p.values));
    return ctx.page(
      c,
      { title: isNew ? 'New document' : `Edit ${p.values.title ?? p.id}`, section: 'documents' },
      <>
        {p.before}
        <DocumentForm
          action={action}
          csrf={s.csrfToken}
          values={p.values}
          issues={p.issues ?? []}
          revision={p.revision}
          isNew={isNew}
          textOnly={!can(s.user.role, 'document.edit')}
          notice={p.notice}
          heading={isNew ? 'New document' : `Edit: ${p.values.title ?? p.id}`}
          preview={<TextPreviewPane {...preview} view={p.view ?? 'parallel'} action={action} />}
        />
      </>,
      p.status ?? 200,
    );
  };

  app.get('/new', (c) => {
    const s = c.get('session')!;
    if (!can(s.user.role, 'document.create')) throw new ForbiddenError(`${s.user.email} (${s.user.role}) may not create documents`);
    return form(c, { values: { 'translations.0.language': 'en' } });
  });

  app.get('/edit/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const found = await editorial.document(c.get('session')!.actor, id);
    return form(c, { id, values: documentToForm(found.document), revision: found.revision, preview: { document: found.document, skipped: [] } });
  });

  const save = async (c: Context<AdminEnv>, id: string | undefined) => {
    const actor = c.get('session')!.actor;
    const fields = (await c.req.parseBody()) as Record<string, string>;
    const values: FormValues = Object.fromEntries(Object.entries(fields).filter(([k, v]) => !k.startsWith('_') && typeof v === 'string'));
    const revision = fields.revision !== undefined ? Number(fields.revision) : undefined;
    const input = formToInput(fields);
    if (fields._action === 'preview') {
      // Reads nothing from the archive and writes nothing: the texts as typed, as the public page draws them.
      const preview = previewTexts(id, input);
      const view: ReadingView = fields._view === 'one' ? 'one' : 'parallel';
      if (fields._fragment === '1') return c.html(<TextPreviewBody {...preview} view={view} />);
      return form(c, { id, values, revision, preview, view });
    }
    const resolution = await resolveReferenceNames(ctx.archive, input, { createMissing: fields.createMissing === 'on' });
    if (fields._action === 'check') {
      const parsed = documentSchema.safeParse({ id: id ?? 'new-document', ...input });
      const issues = [...resolution.issues, ...(parsed.success ? [] : zodIssues(parsed.error))];
      return form(c, { id, values, revision, issues, notice: issues.length === 0 ? 'Everything reads well. Nothing is saved until you press Save.' : undefined, status: issues.length ? 422 : 200 });
    }
    if (resolution.issues.length > 0) return form(c, { id, values, revision, issues: resolution.issues, status: 422 });
    try {
      const note = fields.note?.trim() || undefined;
      const saved = id === undefined
        ? await editorial.create(actor, input, note, { authorities: resolution.create })
        : await editorial.update(actor, id, input, Number.isInteger(revision) ? revision! : -1, note, { authorities: resolution.create });
      return c.redirect(`${adminPaths.document(saved.document.id)}?done=saved`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return form(c, { id, values, revision, issues: error.issues, status: 422 });
      if (error instanceof RecordExistsError && id === undefined) {
        // Taken by a document saved earlier, or by another editor's new document a moment ago (another process).
        const before = (
          <div class="notice notice--error" role="alert">
            <strong>Not saved: a document with the identifier “{error.id}” already exists</strong>, perhaps created by someone else a moment ago. What you typed is kept below: give it another identifier, or <a href={adminPaths.document(error.id)}>open the existing document</a>.
          </div>
        );
        return form(c, { values, issues: [{ path: 'id', message: `"${error.id}" is taken` }], before, status: 409 });
      }
      if (error instanceof StaleRevisionError && id !== undefined) {
        const current = await editorial.document(actor, id);
        const [latest] = await editorial.revisions(actor, id);
        const mine = documentSchema.safeParse({ ...input, id });
        const before = <ConflictNotice id={id} base={error.base} current={error.current} by={latest?.actor} changes={diffDocuments(current.document, mine.success ? mine.data : (input as never))} />;
        return form(c, { id, values, revision: current.revision, before, status: 409 });
      }
      if (error instanceof ArchiveBusyError || error instanceof StorageError) {
        // Nothing was written and the same save can succeed later: keep what was typed, ready to send again.
        const e = describeError(error);
        if (e.retryAfterSeconds) c.header('Retry-After', String(e.retryAfterSeconds));
        const before = <div class="notice notice--error" role="alert"><strong>{e.title}.</strong> {e.message} What you typed is kept below.</div>;
        return form(c, { id, values, revision, before, status: e.status });
      }
      throw error;
    }
  };

  registerLookupRoute(app, ctx);
  app.post('/new', (c) => save(c, undefined));
  app.post('/edit/:id{.+}', (c) => save(c, decodeId(c.req.param('id'))));
}

const lookupSchema = z.object({
  kinds: z.string().max(200).transform((v) => v.split(',')).pipe(z.array(z.enum(AUTHORITY_KINDS)).min(1)),
  q: z.string().trim().min(1).max(100),
});

/** Suggestions for an authority field, by any name or variant: the form's script asks as the editor types. */
export function registerLookupRoute(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.get('/lookup', async (c) => {
    const { kinds, q } = parseQuery(lookupSchema, c.req.query());
    return c.json({ suggestions: await suggestNames(ctx.archive, c.get('session')!.actor, kinds, q) });
  });
}
