/**
 * Forms for collections and authority records, and a collection's order.
 * @module
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { RecordExistsError, StaleRevisionError, ValidationError, type Issue } from '../../../domain/errors.js';
import { can } from '../../../domain/roles.js';
import { RECORD_KINDS, RecordEditing, type RecordKind } from '../../../services/record-editing.js';
import { decodeId, pageSchema, parseQuery } from '../../context.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import type { FormValues } from '../document-form-data.js';
import { recordFormToInput, recordToForm } from '../record-fields.js';
import { RecordFormView, RecordKindsView, RecordListView, recordPath } from '../views/record-views.js';

const PER_PAGE = 100;
const kindSchema = z.object({ kind: z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]]) });

export function registerRecordRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  const records = new RecordEditing(ctx.archive);
  const kindOf = (c: Context<AdminEnv>) => parseQuery(kindSchema, { kind: c.req.param('kind') ?? '' }).kind;

  const form = async (c: Context<AdminEnv>, kind: RecordKind, p: { id?: string; values: FormValues; issues?: Issue[]; revision?: number; notice?: string; conflict?: string }, status = 200) => {
    const s = c.get('session')!;
    const documents = kind === 'collection' && p.id ? await records.collectionDocuments(s.actor, p.id) : undefined;
    return ctx.page(c, { title: p.id ?? 'New record', section: 'records' }, <RecordFormView kind={kind} csrf={s.csrfToken} issues={p.issues ?? []} documents={documents} {...p} />, status);
  };

  app.get('/records', (c) => ctx.page(c, { title: 'Records', section: 'records' }, <RecordKindsView kinds={RECORD_KINDS} />));

  app.get('/records/:kind', async (c) => {
    const kind = kindOf(c);
    const { page } = parseQuery(pageSchema, c.req.query());
    const s = c.get('session')!;
    const list = await records.list(s.actor, kind, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    return ctx.page(c, { title: kind, section: 'records' }, <RecordListView kind={kind} items={list.items} total={list.total} page={page} perPage={PER_PAGE} canEdit={can(s.user.role, 'document.edit')} />);
  });

  app.get('/records/:kind/new', (c) => form(c, kindOf(c), { values: {} }));

  app.get('/records/:kind/edit/:id{.+}', async (c) => {
    const kind = kindOf(c);
    const id = decodeId(c.req.param('id'));
    const { record, revision } = await records.get(c.get('session')!.actor, kind, id);
    return form(c, kind, { id, values: recordToForm(kind, record), revision, notice: c.req.query('saved') !== undefined ? 'Saved.' : undefined });
  });

  const save = async (c: Context<AdminEnv>, id: string | undefined) => {
    const kind = kindOf(c);
    const fields = (await c.req.parseBody()) as Record<string, string>;
    const values: FormValues = Object.fromEntries(Object.entries(fields).filter(([k, v]) => !k.startsWith('_') && typeof v === 'string'));
    const revision = id !== undefined ? Number(fields.revision) : undefined;
    const input = recordFormToInput(kind, fields);
    if (id !== undefined) input.id = id;
    try {
      const saved = await records.save(c.get('session')!.actor, kind, input, revision, fields.note?.trim() || undefined);
      return c.redirect(`${recordPath(kind, saved.record.id)}?saved`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return form(c, kind, { id, values, revision, issues: error.issues }, 422);
      if (error instanceof RecordExistsError && id === undefined) {
        // Taken by a record saved earlier, or by another editor's new record a moment ago: what was typed stays.
        const conflict = `Not saved: ${error.message}, perhaps created by someone else a moment ago. What you typed is kept below; give it another identifier to save it as a new record.`;
        return form(c, kind, { values, issues: [{ path: 'id', message: `"${error.id}" is taken` }], conflict }, 409);
      }
      if (error instanceof StaleRevisionError) {
        const current = await records.get(c.get('session')!.actor, kind, id!);
        const conflict = `Not saved: ${error.message}. Your version is kept below; saving it again replaces revision ${current.revision}, or open the record anew to see theirs.`;
        return form(c, kind, { id, values, revision: current.revision, conflict }, 409);
      }
      throw error;
    }
  };
  app.post('/records/:kind/new', (c) => save(c, undefined));
  app.post('/records/:kind/edit/:id{.+}', (c) => save(c, decodeId(c.req.param('id'))));

  app.post('/records/collection/order/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const fields = (await c.req.parseBody()) as Record<string, string>;
    const ids = (fields.documents ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    try {
      await records.orderCollection(c.get('session')!.actor, id, ids);
      return c.redirect(`${recordPath('collection', id)}?saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { record, revision } = await records.get(c.get('session')!.actor, 'collection', id);
      return form(c, 'collection', { id, values: recordToForm('collection', record), revision, issues: error.issues }, 422);
    }
  });
}
