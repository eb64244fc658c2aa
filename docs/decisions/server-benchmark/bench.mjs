import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
const body = JSON.stringify({ model: 'x', max_tokens: 100, messages: [{ role: 'user', content: 'hi '.repeat(100) }] });
function cpu(pid) { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; }
async function load(url, n, conc) {
  const pool = new Pool(url, { connections: conc });
  let i = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (i++ < n) { const r = await pool.request({ path: '/v1/messages', method: 'POST', body, headers: { 'content-type': 'application/json' } }); await r.body.text(); } }));
  const s = (performance.now() - t0) / 1000; await pool.close(); return n / s;
}
const results = {};
for (let round = 0; round < 3; round++) for (const kind of ['node', 'fastify', 'hono']) {
  const port = 5100 + Math.floor(Math.random() * 800);
  const child = fork('./server.mjs', [kind, String(port)]);
  await new Promise((r) => child.once('message', r)); await new Promise((r) => setTimeout(r, 200));
  await load(`http://127.0.0.1:${port}`, 2000, 16);
  const c0 = cpu(child.pid); const rps = await load(`http://127.0.0.1:${port}`, 20000, 16); const c1 = cpu(child.pid);
  (results[kind] ??= []).push({ rps: Math.round(rps), usPerReq: Math.round((c1 - c0) / 20000 * 1e6) });
  child.kill();
}
console.log(JSON.stringify(results));
