/**
 * The editors' preview: a document exactly as its public page will show it
 * (the public page's own view), translation and original side by side when
 * it has both, whatever its status, behind the workspace's sign-in.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { displayDay } from '../../../domain/display.js';
import { STATUS_LABELS } from '../../../domain/workflow.js';
import { cslItem, formatCitations } from '../../../services/citations.js';
import { decodeId, parseQuery } from '../../context.js';
import { documentPath } from '../../urls.js';
import { CiteThis } from '../../views/cite.js';
import { DocumentView } from '../../views/document.js';
import type { AdminContext, AdminEnv } from '../admin-app.js';
import { adminPaths } from '../admin-urls.js';
import { Notice } from '../views/admin-layout.js';

const viewSchema = z.object({ view: z.enum(['one', 'parallel']).default('parallel') });

export function registerPreviewRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.get('/preview/:id{.+}', async (c) => {
    const id = decodeId(c.req.param('id'));
    const details = await ctx.editorial.preview(c.get('session')!.actor, id);
    const { view } = parseQuery(viewSchema, c.req.query());
    const site = await ctx.archive.siteInfo();
    const url = `${ctx.policy.baseUrl ?? new URL(c.req.url).origin}${documentPath(id)}`;
    const accessed = new Date();
    const doc = details.document;
    return ctx.page(
      c,
      { title: `Preview: ${doc.title}`, section: 'documents' },
      <>
        <Notice kind="info">
          Preview of the public page ({STATUS_LABELS[doc.status].toLowerCase()}{doc.status === 'published' ? '' : ': not public yet'}). <a href={adminPaths.document(id)}>Back to the document</a>
          {doc.translations.length && doc.transcripts.length ? (
            <>
              {' · '}
              <a href={adminPaths.preview(id, view === 'parallel' ? 'one' : 'parallel')}>{view === 'parallel' ? 'One column' : 'Side by side'}</a>
            </>
          ) : null}
        </Notice>
        <DocumentView details={details} url={url} view={view} cite={<CiteThis id={doc.id} citations={formatCitations(cslItem(details, { url, siteName: site.name, accessed }))} url={url} accessed={displayDay(accessed.toISOString())!} />} />
      </>,
    );
  });
}
