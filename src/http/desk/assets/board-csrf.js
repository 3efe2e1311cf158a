// Bull Board's own requests carry the desk's CSRF value (from the meta tag the desk adds to its page)
// in an X-CSRF-Token header: the desk refuses a board change without it.
(() => {
  const token = document.querySelector('meta[name="bs-csrf"]')?.getAttribute('content') ?? '';
  const mutating = (method) => !/^(GET|HEAD|OPTIONS)$/i.test(method || 'GET');
  const sameOrigin = (url) => new URL(url, location.href).origin === location.origin;

  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.bsCsrf = mutating(method) && sameOrigin(url);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (this.bsCsrf) this.setRequestHeader('X-CSRF-Token', token);
    return send.call(this, body);
  };

  const fetch = window.fetch;
  window.fetch = (input, init = {}) => {
    const request = new Request(input, init);
    if (!mutating(request.method) || !sameOrigin(request.url)) return fetch(input, init);
    const headers = new Headers(request.headers);
    headers.set('X-CSRF-Token', token);
    return fetch(new Request(request, { headers }));
  };
})();
