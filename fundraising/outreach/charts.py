"""Small server-side SVG charts (no JavaScript). Each chart is role="img" with a <title> and <desc>; the page shows the
same numbers in a table beside it. All text is escaped."""

from django.utils.html import format_html, format_html_join

from commons.money import format_cents

GREEN = "#15803d"
RED = "#b91c1c"
BLUE = "#1f4e8c"
GRID = "#d1d5db"
TEXT = "#111827"


def column_chart(chart_id, title, description, items, value_key="pledged", second_key=None, second_colour=RED):
    """Vertical bars (e.g. per week). `items`: dicts with "label" and the value keys (cents)."""
    width, height, left, bottom, top = 720, 260, 8, 36, 16
    plot_h = height - bottom - top
    n = max(len(items), 1)
    slot = (width - left * 2) / n
    peak = max([i[value_key] for i in items] + [i.get(second_key, 0) for i in items if second_key] + [1])
    bars = []
    for index, item in enumerate(items):
        x = left + index * slot
        bar_w = slot * (0.4 if second_key else 0.7)
        value_h = plot_h * item[value_key] / peak
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                _n(x + slot * 0.15),
                _n(top + plot_h - value_h),
                _n(bar_w),
                _n(value_h),
                GREEN,
                item["label"],
                format_cents(item[value_key]),
            )
        )
        if second_key:
            second_h = plot_h * item.get(second_key, 0) / peak
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    _n(x + slot * 0.15 + bar_w),
                    _n(top + plot_h - second_h),
                    _n(bar_w),
                    _n(second_h),
                    second_colour,
                    item["label"],
                    format_cents(item.get(second_key, 0)),
                )
            )
        if n <= 13 or index % max(1, n // 12) == 0:
            bars.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                    _n(x + slot / 2),
                    height - bottom + 16,
                    TEXT,
                    item["label"],
                )
            )
    body = format_html_join("", "{}", ((b,) for b in bars))
    return _svg(chart_id, title, description, width, height, body, top + plot_h)


def bar_chart(chart_id, title, description, items, value_key="net", limit=12, fmt=format_cents):
    """Horizontal bars (e.g. per district), the largest first; `fmt` writes the value beside each bar."""
    items = items[:limit]
    row_h, label_w, width = 26, 220, 720
    height = max(row_h * len(items) + 12, 40)
    peak = max([i[value_key] for i in items] + [1])
    rows = []
    for index, item in enumerate(items):
        y = 6 + index * row_h
        bar_w = (width - label_w - 110) * max(item[value_key], 0) / peak
        rows.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                label_w - 8,
                y + 16,
                TEXT,
                _short(str(item["label"]), 30),
                label_w,
                y + 3,
                _n(bar_w),
                row_h - 8,
                GREEN,
                _n(label_w + bar_w + 6),
                y + 16,
                TEXT,
                fmt(item[value_key]),
            )
        )
    return _svg(chart_id, title, description, width, height, format_html_join("", "{}", ((r,) for r in rows)), None)


def _n(value):
    return f"{value:.1f}"


def _short(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(chart_id, title, description, width, height, body, baseline):
    axis = (
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"></line>', baseline, width, baseline, GRID)
        if baseline is not None
        else ""
    )
    return format_html(
        '<svg class="outreach-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}-title {}-desc"'
        ' xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        axis,
        body,
    )
