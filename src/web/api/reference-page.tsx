/**
 * The JSON API's reference page (/api/v1/reference), rendered on the server
 * from the OpenAPI description itself, so what a reader sees is what the
 * description says: each endpoint with its parameters, answers and a link to
 * try it. Plain HTML in the site's frame: no script, headings and tables a
 * screen reader can walk.
 * @module
 */
import type { Endpoint } from './openapi.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  parameters?: Parameter[];
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

const EXAMPLES: Record<string, string> = {
  '/': '/api/v1',
  '/documents': '/api/v1/documents?limit=5',
  '/collections': '/api/v1/collections',
  '/authorities/{kind}': '/api/v1/authorities/person?limit=5',
  '/search': '/api/v1/search?q=treaty&limit=5',
  '/changes': '/api/v1/changes?since=0&limit=5',
};

export function ApiReferenceView(props: { document: Record<string, unknown>; endpoints: Endpoint[] }) {
  const paths = props.document.paths as Record<string, { get: Operation }>;
  const info = props.document.info as { description: string };
  return (
    <div class="page page--wide api-reference">
      <h1>JSON API reference</h1>
      <p class="lede">{withCode(info.description)}</p>
      <p>
        The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Lists are paged with cursors:
        pass an answer's <code>page.nextCursor</code> as <code>cursor</code> to get the next page. The whole archive at once is in the{' '}
        <a href="/data">bulk downloads</a>. A document's own address also answers <code>Accept: application/json</code> and{' '}
        <code>Accept: application/ld+json</code>.
      </p>
      <nav aria-labelledby="api-endpoints">
        <h2 id="api-endpoints">Endpoints</h2>
        <ul>
          {props.endpoints.map((e) => (
            <li>
              <a href={`#${paths[e.path]!.get.operationId}`}>
                <code>GET /api/v1{e.path === '/' ? '' : e.path}</code>
              </a>{' '}
              — {e.summary}
            </li>
          ))}
        </ul>
      </nav>
      {props.endpoints.map((e) => (
        <EndpointSection path={e.path} op={paths[e.path]!.get} />
      ))}
    </div>
  );
}

function EndpointSection(props: { path: string; op: Operation }) {
  const { op } = props;
  const example = EXAMPLES[props.path];
  return (
    <section class="api-endpoint" aria-labelledby={op.operationId}>
      <h2 id={op.operationId}>
        <code>GET /api/v1{props.path === '/' ? '' : props.path}</code>
      </h2>
      <p>
        <strong>{op.summary}.</strong> {withCode(op.description)}
      </p>
      {op.parameters?.length ? (
        <table class="data-table">
          <caption>Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Type</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr>
                <th scope="row">
                  <code>{p.name}</code>
                </th>
                <td>{p.in}</td>
                <td>{typeOf(p.schema)}</td>
                <td>{withCode(p.description ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>Answers</h3>
      <dl class="api-answers">
        {Object.entries(op.responses).map(([status, r]) => (
          <>
            <dt>
              {status}
              {r.content ? ` (${Object.keys(r.content).join(', ')})` : ''}
            </dt>
            <dd>{withCode(r.description)}</dd>
          </>
        ))}
      </dl>
      {example ? (
        <p>
          Try it: <a href={example}>{example}</a>
        </p>
      ) : null}
    </section>
  );
}

function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return 'string';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  if (schema.type === 'array') return 'string, repeatable';
  const type = String(schema.type ?? 'string');
  const limits = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : '', schema.maximum !== undefined && Number(schema.maximum) < 1e15 ? `≤ ${schema.maximum}` : ''].filter(Boolean);
  const fallback = schema.default !== undefined && schema.default !== '' ? `, default ${String(schema.default)}` : '';
  return `${type}${limits.length ? ` (${limits.join(', ')})` : ''}${fallback}`;
}

/** The description's `code` spans (OpenAPI descriptions are CommonMark) as <code>; the rest as text. */
function withCode(text: string) {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part));
}
