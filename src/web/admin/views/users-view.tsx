/**
 * The accounts page.
 * @module
 */
import type { PublicUser } from '../../../services/accounts.js';
import { Notice } from './admin-layout.js';

export function UsersView(props: { users: PublicUser[]; roles: readonly string[]; csrf: string; notice?: string; error?: string; link?: string }) {
  const csrf = <input type="hidden" name="_csrf" value={props.csrf} />;
  return (
    <div class="admin-page">
      <h1>Accounts</h1>
      {props.notice ? (
        <Notice kind="ok">
          {props.notice} {props.link ? <code>{props.link}</code> : null}
        </Notice>
      ) : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u, i) => (
              <tr>
                <td>{u.email}</td>
                <td>
                  <form method="post" action="/admin/users" class="actions">
                    {csrf}
                    <input type="hidden" name="do" value="role" />
                    <input type="hidden" name="email" value={u.email} />
                    <label class="visually-hidden" for={`role-${i}`}>
                      Role of {u.email}
                    </label>
                    <select id={`role-${i}`} name="role">
                      {props.roles.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {r}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="button button--secondary">
                      Change
                    </button>
                  </form>
                </td>
                <td>{u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'no password yet'}</td>
                <td>
                    <div class="actions">
                  <form method="post" action="/admin/users">
                    {csrf}
                    <input type="hidden" name="do" value={u.disabled ? 'enable' : 'disable'} />
                    <input type="hidden" name="email" value={u.email} />
                    <button type="submit" class={u.disabled ? 'button button--secondary' : 'button button--danger'}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </form>
                  <form method="post" action="/admin/users">
                    {csrf}
                    <input type="hidden" name="do" value="reset" />
                    <input type="hidden" name="email" value={u.email} />
                    <button type="submit" class="button button--secondary">
                      Password link
                    </button>
                  </form>
                </div>
                  </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add an account</h2>
      <form method="post" action="/admin/users" class="form filters">
        {csrf}
        <input type="hidden" name="do" value="add" />
        <div class="field">
          <label for="new-email">Email address</label>
          <input id="new-email" name="email" type="email" required autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-role">Role</label>
          <select id="new-role" name="role">
            {props.roles.map((r) => (
              <option value={r} selected={r === 'editor'}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          Add and make a password link
        </button>
      </form>
    </div>
  );
}
