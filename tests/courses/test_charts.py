"""Charts drawn on the server: labels stay inside the drawing, whole, with the date at their end."""

import re

from courses.charts import WIDTH, Bar, horizontal_bar_chart

LONG = "Hari 2: Mekanisme pemantauan, evaluasi dan pelaporan rencana aksi daerah HAM (17/08/2021)"


def label_texts(svg):
    return re.findall(r'<text aria-hidden="true" x="([^"]+)" y="[^"]+" dominant-baseline="middle">([^<]*)</text>', svg)


def test_labels_start_at_the_left_edge_and_keep_their_date():
    svg = str(horizontal_bar_chart("chart-attendance", "Kehadiran", "Per sesi", [Bar(LONG, 80, "80% (8/10)")], 100))
    (label_x, label), (value_x, value) = label_texts(svg)
    assert float(label_x) == 0  # left-anchored from x=0: nothing falls left of the drawing
    assert "text-anchor" not in svg
    assert label.endswith("(17/08/2021)") and len(label) * 7 < WIDTH  # about 7 px a character at 13 px
    assert value == "80% (8/10)" and float(value_x) + len(value) * 7 < WIDTH
    assert f'aria-label="{LONG}: 80% (8/10)"' in svg  # screen readers hear the whole label


def test_a_full_bar_leaves_room_for_its_value():
    svg = str(horizontal_bar_chart("chart", "T", "D", [Bar("Sesi", 100, "100% (25/25)")], 100))
    [_label, (value_x, value)] = label_texts(svg)
    assert float(value_x) + len(value) * 7 <= WIDTH
