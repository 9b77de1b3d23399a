// What pg's lib/stream.js gives a Node.js process, without its Cloudflare Workers check: that
// check runs `new Response(...)` when pg is loaded, and in Node 20 the first use of `Response`
// loads undici, the built-in fetch (~45 ms of CPU and ~2 MB per example app start, for an app
// that never fetches). examples/webpack.examples.js puts this file in pg's place in the bundles.
'use strict';
const net = require('node:net');
const tls = require('node:tls');

module.exports = {
  /** A plain socket; pg connects it itself (its argument, the ssl option, matters only in Workers). */
  getStream: () => new net.Socket(),
  /** A TLS socket over the options pg made (they carry the plain socket to upgrade). */
  getSecureStream: (options) => tls.connect(options),
};
