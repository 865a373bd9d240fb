/**
 * Error pages inside the workspace: the site's error page (views/error.tsx)
 * in the workspace's frame, leading back to the worklist.
 * @module
 */
import { ErrorPage, type ErrorProps } from '../../views/error.js';

export function AdminErrorView(props: ErrorProps) {
  return (
    <ErrorPage {...props} frame="admin-narrow">
      <p>
        <a href="/admin">Back to the worklist</a>
      </p>
    </ErrorPage>
  );
}
