/** A query form for browsers that needs no CDN (the bundled GraphiQL loads from one). */
export const EXPLORER_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Accord GraphQL</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}textarea{width:100%;font:13px monospace}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style></head>
<body>
<h1>Accord GraphQL</h1>
<form id="f">
<label>Query<br><textarea id="q" rows="10">{ serverStatus { headPosition projections { name state checkpoint } } }</textarea></label>
<label>Variables (JSON)<br><textarea id="v" rows="3">{}</textarea></label>
<label>Authorization<br><textarea id="a" rows="1" placeholder="Bearer …"></textarea></label>
<button>Run</button>
</form>
<pre id="out"></pre>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('out');
  try {
    const headers = { 'content-type': 'application/json' };
    const auth = document.getElementById('a').value.trim();
    if (auth) headers.authorization = auth;
    const body = JSON.stringify({ query: document.getElementById('q').value, variables: JSON.parse(document.getElementById('v').value || '{}') });
    const res = await fetch(location.pathname, { method: 'POST', headers, body });
    out.textContent = res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
  } catch (err) {
    out.textContent = String(err);
  }
});
</script>
</body>
</html>
`;
