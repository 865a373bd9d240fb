export function ApiReferencePage(_props: { document: Record<string, unknown>; siteName: string }) { return <p>todo</p>; }
