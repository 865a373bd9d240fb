/**
 * Error pages inside the workspace: what went wrong, in the workspace's frame.
 * @module
 */

export function AdminErrorView(props: { status: number; title: string; message: string; details?: string[]; reference?: string }) {
  return (
    <div class="admin-narrow">
      <p class="error-page__status">Error {props.status}</p>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.details && props.details.length > 0 ? (
        <ul>
          {props.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
      {props.reference ? (
        <p class="muted">
          Reference: <code>{props.reference}</code>
        </p>
      ) : null}
      <p>
        <a href="/admin">Back to the worklist</a>
      </p>
    </div>
  );
}
