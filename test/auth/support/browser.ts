/**
 * Just enough of a browser for the tests: a cookie jar (per host, like browsers; ports share it)
 * and manual redirects, so each hop of a flow can be looked at.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export class Browser {
  readonly jar = new CookieJar();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.absorb(response);
    return response;
  }

  /** GET, following redirects, until a non-redirect answer; returns it and the URLs visited. */
  async follow(url: string): Promise<{ response: Response; visited: string[] }> {
    const visited = [url];
    let response = await this.request(url);
    while (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const next = new URL(response.headers.get('location')!, visited.at(-1)).href;
      visited.push(next);
      response = await this.request(next);
    }
    return { response, visited };
  }

  json(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }
}
