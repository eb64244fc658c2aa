// Minimal JSON POST handler on three servers, to compare per-request CPU.
const kind = process.argv[2];
const port = Number(process.argv[3]);
const reply = JSON.stringify({ id: 'msg_1', type: 'message', content: [{ type: 'text', text: 'hello '.repeat(20) }] });
if (kind === 'node') {
  const http = await import('node:http');
  http.createServer(async (req, res) => {
    const chunks = []; for await (const c of req) chunks.push(c);
    JSON.parse(Buffer.concat(chunks).toString());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  }).listen(port, '127.0.0.1');
} else if (kind === 'fastify') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.post('/v1/messages', async (req, reply_) => { reply_.header('content-type', 'application/json'); return reply; });
  await app.listen({ port, host: '127.0.0.1' });
} else if (kind === 'hono') {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.post('/v1/messages', async (c) => { await c.req.json(); return c.body(reply, 200, { 'content-type': 'application/json' }); });
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}
process.send?.('ready');
