"""Satisfaction ratings as a bar chart in SVG: one group of bars per month, one bar per kiosk."""

from __future__ import annotations

from html import escape

WIDTH = 720
HEIGHT = 240
PAD = 32
COLOURS = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828"]


def ratings_chart(data: dict[str, dict[str, tuple[float, int]]]) -> str:
    months = sorted({m for per_kiosk in data.values() for m in per_kiosk})
    names = sorted(data)
    if not months:
        return ""
    group = (WIDTH - 2 * PAD) / len(months)
    bar = group * 0.8 / len(names)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="ratings" class="chart">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#555"/>',
    ]
    for score in range(1, 6):
        y = HEIGHT - PAD - score * (HEIGHT - 2 * PAD) / 5
        parts.append(f'<text x="4" y="{y + 4:.0f}" font-size="11">{score}</text>')
    for mi, month in enumerate(months):
        x0 = PAD + mi * group + group * 0.1
        parts.append(f'<text x="{x0:.0f}" y="{HEIGHT - 12}" font-size="11">{escape(month)}</text>')
        for ki, name in enumerate(names):
            avg, count = data[name].get(month, (0.0, 0))
            if not count:
                continue
            h = avg * (HEIGHT - 2 * PAD) / 5
            x = x0 + ki * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{bar * 0.9:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[ki % len(COLOURS)]}">'
                f"<title>{escape(name)} {escape(month)}: {avg:.2f} ({count})</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)
