"""Bar charts drawn on the server as inline SVG: no JavaScript, readable by screen readers.

The chart is a list (role="list") named by its <title> and described by its <desc>; every bar is
a list item with an aria-label that says what it shows, so the numbers are heard, not only seen.
The drawn text is hidden from assistive technology to avoid reading everything twice.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 110
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8
MAX_LABEL_CHARACTERS = 30
# Charts whose labels stand above their bars: a label has the whole width (about 7 px a character at 13 px).
LABEL_LINE_HEIGHT = 18
STACKED_ROW_HEIGHT = LABEL_LINE_HEIGHT + BAR_HEIGHT + 10
MAX_STACKED_LABEL_CHARACTERS = 85


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as shown, e.g. "80% (8/10)"


def _short(label, limit=MAX_LABEL_CHARACTERS):
    """The label cut to `limit` characters with an ellipsis; middle-cut so that its end (a date) stays."""
    label = str(label)
    if len(label) <= limit:
        return label
    head = (limit - 1) * 2 // 3
    return label[:head] + "…" + label[-(limit - 1 - head) :]


def horizontal_bar_chart(chart_id, title, description, bars, maximum=None):
    """SVG markup of horizontal bars; `maximum` fixes the scale (e.g. 100 for percentages).

    Each bar's label is written on its own line above the bar, from the left edge across the whole
    width, so a long label ("Hari 2: Mekanisme pemantauan dan evaluasi (17/08/2021)") is never cut
    at the edge of the drawing nor loses its end, where a session's date is.
    """
    bars = list(bars)
    scale = maximum or max((bar.value for bar in bars), default=0) or 1
    track = WIDTH - VALUE_WIDTH
    height = PADDING * 2 + STACKED_ROW_HEIGHT * max(len(bars), 1)
    rows = []
    for index, bar in enumerate(bars):
        top = PADDING + index * STACKED_ROW_HEIGHT
        bar_top = top + LABEL_LINE_HEIGHT
        middle = bar_top + BAR_HEIGHT / 2
        length = round(track * min(max(bar.value, 0), scale) / scale, 1)
        rows.append(
            (
                f"{bar.label}: {bar.text}",
                top + LABEL_LINE_HEIGHT / 2,
                _short(bar.label, MAX_STACKED_LABEL_CHARACTERS),
                bar_top,
                track,
                BAR_HEIGHT,
                bar_top,
                length,
                BAR_HEIGHT,
                length + 6,
                middle,
                bar.text,
            )
        )
    items = format_html_join(
        "\n",
        '<g role="listitem" aria-label="{}">'
        '<text aria-hidden="true" x="0" y="{}" dominant-baseline="middle">{}</text>'
        '<rect aria-hidden="true" x="0" y="{}" width="{}" height="{}" rx="2" fill-opacity="0.12"/>'
        '<rect aria-hidden="true" x="0" y="{}" width="{}" height="{}" rx="2" fill="#007d7e" class="course-chart__bar"/>'
        '<text aria-hidden="true" x="{}" y="{}" dominant-baseline="middle">{}</text>'
        "</g>",
        rows,
    )
    return format_html(
        '<svg id="{id}" class="course-chart" role="list" aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'viewBox="0 0 {width} {height}" width="100%" style="max-width: {width}px" '
        'xmlns="http://www.w3.org/2000/svg" font-size="13" fill="currentColor">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{items}</svg>",
        id=chart_id,
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        items=items,
    )


GROUP_GAP = 10
LEGEND_HEIGHT = 24
LEGEND_SPACING = 160
SERIES_COLOURS = ("#007d7e", "#e56b1f", "#5c4d9a")


def grouped_bar_chart(chart_id, title, description, groups, series):
    """SVG markup of horizontal bars in groups, one bar per series (e.g. pre- and post-test per score band).

    `groups` is a list of (label, [one Bar per series]) and `series` names the series for the legend.
    Every bar's aria-label names its group and series, so the drawn legend and labels stay hidden.
    """
    groups = [(label, list(bars)) for label, bars in groups]
    scale = max((bar.value for _label, bars in groups for bar in bars), default=0) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bar_height = BAR_HEIGHT - 4
    group_height = bar_height * len(series) + GROUP_GAP
    height = PADDING * 2 + LEGEND_HEIGHT + group_height * max(len(groups), 1)
    colours = [SERIES_COLOURS[index % len(SERIES_COLOURS)] for index in range(len(series))]
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" rx="2" fill="{}"/>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
        (
            (
                LABEL_WIDTH + index * LEGEND_SPACING,
                PADDING,
                colours[index],
                LABEL_WIDTH + index * LEGEND_SPACING + 18,
                PADDING + 6,
                name,
            )
            for index, name in enumerate(series)
        ),
    )
    parts = []
    for group_index, (label, bars) in enumerate(groups):
        top = PADDING + LEGEND_HEIGHT + group_index * group_height
        parts.append(
            format_html(
                '<text aria-hidden="true" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
                LABEL_WIDTH - 8,
                top + (group_height - GROUP_GAP) / 2,
                _short(label),
            )
        )
        for index, bar in enumerate(bars):
            bar_top = top + index * bar_height
            length = round(track * min(max(bar.value, 0), scale) / scale, 1)
            parts.append(
                format_html(
                    '<g role="listitem" aria-label="{}">'
                    '<rect aria-hidden="true" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text aria-hidden="true" x="{}" y="{}" dominant-baseline="middle" font-size="11">{}</text>'
                    "</g>",
                    f"{label}, {series[index]}: {bar.text}",
                    LABEL_WIDTH,
                    bar_top + 1,
                    length,
                    bar_height - 2,
                    colours[index],
                    LABEL_WIDTH + length + 6,
                    bar_top + bar_height / 2,
                    bar.text,
                )
            )
    return format_html(
        '<svg id="{id}" class="course-chart" role="list" aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'viewBox="0 0 {width} {height}" width="100%" style="max-width: {width}px" '
        'xmlns="http://www.w3.org/2000/svg" font-size="13" fill="currentColor">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        '<g aria-hidden="true">{legend}</g>{items}</svg>',
        id=chart_id,
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        legend=legend,
        items=format_html_join("\n", "{}", ((part,) for part in parts)),
    )
