/** A small JSON client for tests: real HTTP against the real app. */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(baseUrl: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, bearer = token): Promise<Answer<T>> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: /^(Basic|Bearer) /.test(bearer) ? bearer : `Bearer ${bearer}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') && text ? JSON.parse(text) : text, headers: res.headers };
  };
  return {
    /** The bearer token it sends (a session's, a portal key), for a client of the same caller on another node. */
    token,
    get: <T = any>(path: string, bearer?: string) => call<T>('GET', path, undefined, bearer ?? token),
    post: <T = any>(path: string, body?: unknown, bearer?: string) => call<T>('POST', path, body, bearer ?? token),
    put: <T = any>(path: string, body?: unknown, bearer?: string) => call<T>('PUT', path, body, bearer ?? token),
    delete: <T = any>(path: string, bearer?: string) => call<T>('DELETE', path, undefined, bearer ?? token),
    raw: (path: string, init?: RequestInit) => fetch(baseUrl + path, init),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** An operator's credential (`OPERATORS`): the development operator `demo` unless told. */
export const operatorAuthorization = (name = 'demo', secret = 'demo-operator-key') =>
  `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;
