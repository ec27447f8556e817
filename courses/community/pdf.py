"""An approved action plan as an A4 PDF, for the OPD's files and the city's working group.

Drawn with ReportLab in the certificates' full-coverage DejaVu Serif (`home/pdf_fonts.py`), so
"Nguyễn", "Ṣalāḥ" and typographic quotes print, not empty boxes (ReportLab's own Bitstream Vera stops
at Latin-1 and a few more), without system fonts. Text is NFC-normalised first, so a name typed
with combining accents prints with the font's precomposed letters. The PDF shows the approved version (the last
submitted one), not a draft.
"""

import datetime
import io
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.community.action_plans import FIELD_LABELS, FIELD_ORDER, latest_version
from courses.community.choices import ActionPlanStatus
from courses.community.forum import display_name
from home.pdf_fonts import register_serif

FONT = "ActionPlanSerif"
FONT_BOLD = "ActionPlanSerif-Bold"
INK = colors.HexColor("#1a1a1a")
BRAND = colors.HexColor("#7a1f1f")
LINE = colors.HexColor("#d6d0c4")


def register_fonts():
    register_serif(FONT, FONT_BOLD)


def styles():
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK, spaceAfter=4)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=6),
        "kicker": ParagraphStyle("kicker", parent=body, textColor=BRAND, fontSize=9, spaceAfter=2),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8, textColor=BRAND
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#4a4a4a")),
    }


def text(value):
    """Plain text for a ReportLab paragraph: NFC-normalised, escaped, line breaks kept."""
    return escape(unicodedata.normalize("NFC", str(value or ""))).replace("\n", "<br/>")


def _date(value):
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")


def _details_table(rows, style):
    table = Table(
        [
            [Paragraph(f"<b>{text(label)}</b>", style["cell"]), Paragraph(text(value), style["cell"])]
            for label, value in rows
        ],
        colWidths=[45 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _activities_table(activities, style):
    header = [Paragraph(f"<b>{text(label)}</b>", style["cell"]) for label in (_("Activity"), _("Start"), _("End"))]
    rows = [header] + [
        [
            Paragraph(text(row.get("activity", "")), style["cell"]),
            Paragraph(text(_date(row.get("start"))), style["cell"]),
            Paragraph(text(_date(row.get("end"))), style["cell"]),
        ]
        for row in activities
    ]
    table = Table(rows, colWidths=[None, 32 * mm, 32 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f4f1ec")),
            ]
        )
    )
    return table


def build_action_plan_pdf(plan, course, compress=True):
    """The PDF's bytes. `compress=False` leaves the page text readable in the file (used by tests)."""
    register_fonts()
    style = styles()
    version = latest_version(plan)
    data = version.snapshot if version is not None else {}
    title = data.get("title") or plan.title
    buffer = io.BytesIO()
    generated = timezone.localtime()

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#4a4a4a"))
        canvas.drawString(
            document.leftMargin, 12 * mm, f"{course.title} · {_('Action plan')} · {_date(generated)}"[:120]
        )
        canvas.drawRightString(A4[0] - document.rightMargin, 12 * mm, _("Page %(number)s") % {"number": document.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=display_name(plan.owner),
        subject=course.title,
        creator="Latuharhary",
        pageCompression=1 if compress else 0,
        invariant=0 if compress else 1,
    )
    team = data.get("team") or []
    details = [
        (_("Course"), course.title),
        (_("Owner"), data.get("owner") or display_name(plan.owner)),
        (_("OPD or organisation"), data.get("organisation") or "–"),
        (_("Team"), ", ".join(team) if team else "–"),
        (_("Status"), plan.get_status_display()),
        (_("Mentor"), display_name(plan.mentor) if plan.mentor else "–"),
        (_("Version"), str(version.number) if version else "–"),
        (_("Submitted"), _date(version.submitted_at) if version else "–"),
        (_("Approved"), _date(plan.decided_at) if plan.status == ActionPlanStatus.APPROVED else "–"),
    ]
    story = [
        Paragraph(text(_("Action plan (rencana aksi)")), style["kicker"]),
        Paragraph(text(title), style["title"]),
        _details_table(details, style),
        Spacer(1, 4 * mm),
    ]
    for name in FIELD_ORDER:
        if name in {"title", "team"}:
            continue
        story.append(Paragraph(text(FIELD_LABELS[name]), style["heading"]))
        if name == "activities":
            activities = data.get("activities") or []
            story.append(_activities_table(activities, style) if activities else Paragraph("–", style["body"]))
        else:
            story.append(Paragraph(text(data.get(name)) or "–", style["body"]))
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
