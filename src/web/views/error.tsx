/**
 * Error pages a visitor can act on: not found, withdrawn, bad request, and a
 * generic failure with a reference number. No internal detail ever appears.
 * @module
 */

export function ErrorView(props: { status: number; title: string; message: string; details?: string[]; reference?: string }) {
  return (
    <div class="page error-page">
      <p class="error-page__status">Error {props.status}</p>
      <h1>{props.title}</h1>
      <p class="lede">{props.message}</p>
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
    </div>
  );
}
