/**
 * Sign-in, the one-time password page, and the page that gives back a form
 * the archive could not accept (expired session, stale CSRF token) with
 * everything that was typed, ready to send again.
 * @module
 */
import { Notice } from './admin-layout.js';

export interface Resume {
  action: string;
  fields: [string, string][];
}

export function LoginView(props: { csrf: string; email?: string; error?: string; next?: string; resume?: Resume; notice?: string }) {
  return (
    <div class="admin-narrow">
      <h1>Sign in</h1>
      {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {props.resume ? <KeptFields resume={props.resume} /> : null}
      <form method="post" action="/admin/login" class="form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        {props.resume ? <input type="hidden" name="_resume" value={JSON.stringify(props.resume)} /> : null}
        <div class="field">
          <label for="email">Email address</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      <p class="muted">Forgotten your password? An administrator can give you a one-time link to set a new one.</p>
    </div>
  );
}

export function ResetView(props: { token: string; error?: string }) {
  return (
    <div class="admin-narrow">
      <h1>Set your password</h1>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="post" action={`/admin/reset/${props.token}`} class="form">
        <div class="field">
          <label for="password">New password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" minlength={12} required aria-describedby="password-hint" />
          <p id="password-hint" class="hint">
            At least 12 characters. A few unrelated words make a good one.
          </p>
        </div>
        <button type="submit" class="button">
          Set password
        </button>
      </form>
    </div>
  );
}

/** What the editor typed, shown so it can be checked (and copied) before sending again. */
function KeptFields(props: { resume: Resume }) {
  const shown = props.resume.fields.filter(([k]) => !k.startsWith('_'));
  if (shown.length === 0) return null;
  return (
    <details class="kept" open>
      <summary>What you typed (kept, not yet saved)</summary>
      <dl>
        {shown.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>
              <pre>{v}</pre>
            </dd>
          </>
        ))}
      </dl>
    </details>
  );
}

/** The form again, field by field, with a fresh token: nothing typed is lost. */
export function ResendView(props: { resume: Resume; csrf: string; reason: string }) {
  const fields = props.resume.fields.filter(([k]) => k !== '_csrf');
  return (
    <div class="admin-narrow">
      <h1>Your changes were not saved yet</h1>
      <Notice kind="error">{props.reason}</Notice>
      <p>Everything you typed is below. Check it, then send it again.</p>
      <form method="post" action={props.resume.action} class="form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {fields.map(([k, v], i) =>
          k.startsWith('_') ? (
            <input type="hidden" name={k} value={v} />
          ) : (
            <div class="field">
              <label for={`kept-${i}`}>{k}</label>
              <textarea id={`kept-${i}`} name={k} rows={Math.min(12, Math.max(1, v.split('\n').length))}>
                {v}
              </textarea>
            </div>
          ),
        )}
        <button type="submit" class="button">
          Send again
        </button>
      </form>
    </div>
  );
}
