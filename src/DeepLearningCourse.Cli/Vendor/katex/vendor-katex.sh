#!/bin/sh
# Re-creates the vendored KaTeX files from the npm package (run from this folder; needs npm and python3).
# katex.inlined.min.css = dist/katex.min.css with every woff2 font inlined as a data: URI and the woff/ttf
# fallbacks removed, so a handout needs no font files and no network.
set -e
tmp=$(mktemp -d)
(cd "$tmp" && npm pack katex >/dev/null 2>&1 && tar xzf katex-*.tgz)
dist="$tmp/package/dist"
cp "$dist/katex.min.js" katex.min.js
cp "$dist/contrib/auto-render.min.js" auto-render.min.js
cp "$tmp/package/LICENSE" LICENSE
python3 - "$dist" <<'PY'
import base64, re, sys, pathlib
dist = pathlib.Path(sys.argv[1])
css = (dist / "katex.min.css").read_text()
def inline(m):
    name = m.group(1)
    data = base64.b64encode((dist / "fonts" / name).read_bytes()).decode()
    return f'url(data:font/woff2;base64,{data}) format("woff2")'
css = re.sub(r'url\(fonts/([^)]+\.woff2)\) format\("woff2"\)', inline, css)
css = re.sub(r',url\(fonts/[^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)', '', css)
assert "fonts/" not in css, "a font reference was not inlined"
pathlib.Path("katex.inlined.min.css").write_text(css)
PY
grep -o '"version": *"[^"]*"' "$tmp/package/package.json" | head -1 > VERSION
rm -rf "$tmp"
