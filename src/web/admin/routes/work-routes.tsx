/**
 * The worklist: the editor's start page.
 * @module
 */
import type { Hono } from 'hono';
import type { AdminContext, AdminEnv } from '../admin-app.js';

export function registerWorkRoutes(app: Hono<AdminEnv>, ctx: AdminContext): void {
  app.get('/', (c) => ctx.page(c, { title: 'Worklist', section: 'worklist' }, <div class="admin-page"><h1>Worklist</h1></div>));
}
