// Minimal Docker registry v2 token server (ES256 JWT with x5c) for loopback tests.
// GET /token?service=S&scope=repository:NAME:pull,push  (Basic auth testuser:testpass).
// Anonymous callers get pull only. Env: DIR (holds tls/token.key, tls/token.crt), PORT, ISSUER.
const http = require('http'), crypto = require('crypto'), fs = require('fs');
const DIR = process.env.DIR || '.';
const key = crypto.createPrivateKey(fs.readFileSync(DIR + '/tls/token.key'));
const certPem = fs.readFileSync(DIR + '/tls/token.crt', 'utf8');
const certDer = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const b64u = b => Buffer.from(b).toString('base64url');
const PORT = +(process.env.PORT || 5009), ISSUER = process.env.ISSUER || 'attestfs-test-issuer';
http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const auth = req.headers.authorization || '';
  const user = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
  if (u.pathname !== '/token') { res.writeHead(404); return res.end(); }
  if (user && user !== 'testuser:testpass') { res.writeHead(401); return res.end('{"errors":[{"code":"UNAUTHORIZED"}]}'); }
  const access = [];
  for (const s of u.searchParams.getAll('scope')) {
    const m = s.match(/^([^:]+):(.+):([^:]+)$/); if (!m) continue;
    const acts = m[3].split(',').filter(a => user || a === 'pull');
    access.push({ type: m[1], name: m[2], actions: acts });
  }
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] };
  const claims = { iss: ISSUER, sub: user.split(':')[0] || 'anonymous', aud: u.searchParams.get('service'),
    exp: now + 300, nbf: now - 10, iat: now, jti: crypto.randomBytes(8).toString('hex'), access };
  const input = b64u(JSON.stringify(header)) + '.' + b64u(JSON.stringify(claims));
  const sig = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  const token = input + '.' + b64u(sig);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
}).listen(PORT, '127.0.0.1', () => console.log('token server on 127.0.0.1:' + PORT));
