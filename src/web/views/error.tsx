/**
 * Error pages: what went wrong, said once for the public site and the
 * workspace alike — the status, a title, a message, the details a visitor
 * can act on, and for a failure a reference number (no internal detail ever
 * appears). Each side frames it and says where to go next: the public site
 * offers a search and the collections, the workspace its worklist.
 * @module
 */
import type { Child } from 'hono/jsx';

export interface ErrorProps {
  status: number;
  title: string;
  message: string;
  details?: string[];
  reference?: string;
}

/** The error itself, in a frame (`frame` is the wrapper's class) with what follows it (`children`). */
export function ErrorPage(props: ErrorProps & { frame: string; lede?: boolean; children?: Child }) {
  return (
    <div class={props.frame}>
      <p class="error-page__status">Error {props.status}</p>
      <h1>{props.title}</h1>
      {props.lede ? <p class="lede">{props.message}</p> : <p>{props.message}</p>}
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
      {props.children}
    </div>
  );
}

/** Not found, withdrawn, bad request, or a failure, on the public site. */
export function ErrorView(props: ErrorProps) {
  return (
    <ErrorPage {...props} frame="page error-page" lede>
      <form class="hero__search" role="search" aria-label="Archive" action="/search" method="get">
        <label for="error-q">Search the archive instead</label>
        <div class="search-row">
          <input id="error-q" type="search" name="q" />
          <button type="submit">Search</button>
        </div>
      </form>
      <p>
        <a href="/">Go to the home page</a> or <a href="/collections">browse the collections</a>.
      </p>
    </ErrorPage>
  );
}
