import Foundation
import TestSupport

/// Measures every text element of SVG files with the metrics of the font each SVG names, read by
/// fontTools from the TTF fontconfig resolves that family to — not with the writer's own width
/// table — and reports overlaps, text outside the canvas or on a plot area, x tick labels, and
/// the data value at the bottom and top of each plot area (from its y tick labels).
enum SVGLayoutOracle {
    struct Report: Decodable {
        var family: String
        var matched: String
        var path: String
        var texts: Int
        var overlaps: [[String]]
        var outside: [String]
        var onPlot: [String]
        var missingGlyphs: [String]
        var xTicks: [String]
        var yBottoms: [Double]
        var yTops: [Double]
        /// Data units per pixel of each plot area: coordinates are written to 0.1 px.
        var yPerPixel: [Double]
        var plotAreas: Int
    }

    struct OracleFailed: Error, CustomStringConvertible { let message: String; var description: String { message } }

    static func measure(_ files: [URL]) throws -> [String: Report] {
        _ = try ExternalTool.path("fc-match", package: "fontconfig (with fonts-dejavu-core)")
        let out: String
        do {
            out = try PythonOracle.run(script, arguments: files.map(\.path))
        } catch {
            throw OracleFailed(message: "\(error)\n(fontTools comes with the test venv: `make test` installs it)")
        }
        return try JSONDecoder().decode([String: Report].self, from: Data(out.utf8))
    }

    static let script = #"""
import json, math, re, subprocess, sys
import xml.etree.ElementTree as ET
from fontTools.ttLib import TTFont

SVG = '{http://www.w3.org/2000/svg}'
fonts = {}

def font_for(family):
    if family not in fonts:
        out = subprocess.run(['fc-match', family, '--format=%{family}\n%{file}'], capture_output=True, text=True, check=True).stdout
        matched, path = out.split('\n')[:2]
        f = TTFont(path)
        fonts[family] = dict(matched=matched.split(',')[0], path=path, cmap=f.getBestCmap(), hmtx=f['hmtx'],
                             upm=f['head'].unitsPerEm, asc=f['hhea'].ascent, desc=f['hhea'].descent)
    return fonts[family]

def mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a*A + c*B, b*A + d*B, a*C + c*D, b*C + d*D, a*E + c*F + e, b*E + d*F + f)

def parse_transform(s):
    m = (1, 0, 0, 1, 0, 0)
    for name, args in re.findall(r'(\w+)\s*\(([^)]*)\)', s or ''):
        v = [float(x) for x in re.split(r'[\s,]+', args.strip()) if x]
        if name == 'translate':
            t = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == 'rotate':
            a = math.radians(v[0])
            r = (math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 0, 0)
            t = mul(mul((1, 0, 0, 1, v[1], v[2]), r), (1, 0, 0, 1, -v[1], -v[2])) if len(v) == 3 else r
        else:
            raise ValueError('unsupported transform ' + name)
        m = mul(m, t)
    return m

def box(m, x0, y0, x1, y1):
    pts = [(m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]) for x, y in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))

def meets(a, b, eps):
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps

def walk(el, m, style, texts, rects, missing):
    m = mul(m, parse_transform(el.get('transform')))
    style = dict(style)
    for k in ('font-family', 'font-size', 'text-anchor'):
        if el.get(k) is not None:
            style[k] = el.get(k)
    tag = el.tag.replace(SVG, '')
    if tag == 'text':
        font = font_for(style['font-family'])
        size = float(style.get('font-size', '16'))
        text = ''.join(el.itertext())
        units = 0
        for ch in text:
            g = font['cmap'].get(ord(ch))
            if g is None:
                missing.append(ch)
                g = '.notdef'
            units += font['hmtx'][g][0]
        w = units * size / font['upm']
        x, y = float(el.get('x', '0')), float(el.get('y', '0'))
        anchor = style.get('text-anchor', 'start')
        start = x - (w / 2 if anchor == 'middle' else w if anchor == 'end' else 0)
        asc, desc = font['asc'] * size / font['upm'], -font['desc'] * size / font['upm']
        texts.append(dict(text=text, role=el.get('class', ''), box=box(m, start, y - asc, start + w, y + desc)))
    elif tag == 'rect' and el.get('class') in ('plot-area', 'colour-scale'):
        x, y, w, h = (float(el.get(k)) for k in ('x', 'y', 'width', 'height'))
        rects.append(box(m, x, y, x + w, y + h))
    for child in el:
        walk(child, m, style, texts, rects, missing)

result = {}
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    family = root.get('font-family', '')
    W, H = float(root.get('width')), float(root.get('height'))
    texts, rects, missing = [], [], []
    walk(root, (1, 0, 0, 1, 0, 0), {'font-family': family or 'serif'}, texts, rects, missing)
    label = lambda t: '%s "%s" at (%.1f, %.1f)-(%.1f, %.1f)' % ((t['role'], t['text']) + t['box'])
    overlaps = [[label(a), label(b)] for i, a in enumerate(texts) for b in texts[i + 1:] if meets(a['box'], b['box'], 0.25)]
    outside = [label(t) for t in texts if t['box'][0] < -0.5 or t['box'][1] < -0.5 or t['box'][2] > W + 0.5 or t['box'][3] > H + 0.5]
    on_plot = [label(t) for t in texts if t['role'] not in ('cell', 'cell-note', 'value') and any(meets(t['box'], r, 0.5) for r in rects)]
    bottoms, tops, per_px = [], [], []
    for r in (r for r in rects):
        ticks = []
        for t in texts:
            b = t['box']
            cy = (b[1] + b[3]) / 2
            if t['role'] == 'y-tick' and r[1] - 1 <= cy <= r[3] + 1 and b[2] <= r[0] and r[0] - b[2] < 40:
                ticks.append((cy, float(t['text'])))
        if len(ticks) >= 2:
            (y0, v0), (y1, v1) = min(ticks), max(ticks)
            slope = (v1 - v0) / (y1 - y0)
            bottoms.append(v0 + (r[3] - y0) * slope)
            tops.append(v0 + (r[1] - y0) * slope)
            per_px.append(abs(slope))
    f = font_for(family) if family else dict(matched='', path='')
    result[path.split('/')[-1]] = dict(family=family, matched=f['matched'], path=f['path'], texts=len(texts),
        overlaps=overlaps, outside=outside, onPlot=on_plot, missingGlyphs=sorted(set(missing)),
        xTicks=[t['text'] for t in texts if t['role'] == 'x-tick'], yBottoms=bottoms, yTops=tops, yPerPixel=per_px, plotAreas=len(rects))
print(json.dumps(result))
"""#
}
