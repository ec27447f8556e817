"""A course's report for its staff: counts, charts and the report as a spreadsheet."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import reports
from courses.admin_views import CourseView, export
from courses.charts import Bar, horizontal_bar_chart


class ReportView(CourseView):
    template_name = "courses/admin/report.html"
    section = "report"
    section_label = gettext_lazy("Report")

    @staticmethod
    def chart(chart_id, title, description, bars, maximum=None):
        return {"title": title, "svg": horizontal_bar_chart(chart_id, title, description, bars, maximum)}

    def get_charts(self, report):
        session_bars = [
            Bar(
                f"{row.session.title} ({formats.date_format(row.session.date, 'SHORT_DATE_FORMAT')})",
                row.rate or 0,
                f"{row.rate}% ({row.present}/{row.expected})" if row.rate is not None else "–",
            )
            for row in report.sessions
        ]
        type_bars = [
            Bar(tally.label, tally.count, f"{tally.count} ({tally.percent or 0}%)") for tally in report.by_type
        ]
        return [
            self.chart(
                "chart-attendance",
                _("Attendance rate per session"),
                _("Share of enrolled participants marked present in each session, from 0 to 100%."),
                session_bars,
                maximum=100,
            ),
            self.chart(
                "chart-participant-type",
                _("Enrolled participants by type"),
                _("Number of enrolled participants of each type, out of %(total)s.") % {"total": report.active},
                type_bars,
                maximum=report.active,
            ),
        ]

    def get(self, request):
        report = reports.course_report(self.course)
        context = self.get_context_data(
            report=report,
            charts=self.get_charts(report),
            export_urls=[
                (label, self.url("report_export", file_format))
                for file_format, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
            ],
        )
        return self.render_to_response(context)


class ReportExportView(CourseView):
    def get(self, request, file_format):
        rows = reports.report_rows(reports.course_report(self.course))
        return export(reports.REPORT_HEADER, rows, f"{self.course.slug}-report", file_format, _("Report"))
