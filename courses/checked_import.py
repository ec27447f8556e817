"""The two-step file import of the staff screens: check every line, then confirm a clean file.

Used by the participant import (`courses.staff_admin.invitations.ImportParticipantsView`) and the
question import (`courses.quiz.admin_bank.QuestionImportView`), which show it through
`templates/components/import_check.html`. An upload is parsed and checked whole; any problem is
listed by line with a 400 and nothing is saved. A clean file is shown for confirmation with its
rows in a signed token (salted per user, valid an hour), so confirming saves exactly what was shown
without a second upload; a forged or stale token saves nothing.
"""

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

IMPORT_TOKEN_MAX_AGE = 60 * 60


class CheckedImportMixin:
    """For a Wagtail admin template view. Subclasses name the form, the parsing and the saving.

    - `form_class`: a form with a `file` field.
    - `parse_error`: the exception `parse()` raises for a file that cannot be read at all.
    - `parse(name, content)` -> (rows, errors): rows have `as_dict()`, errors are (line, message).
    - `empty_message`: the file error when a clean file has no rows (None: an empty file is fine).
    - `save(data)` -> the success message: `data` are the checked rows' dicts, from the token.
    - `token_salt`, `import_url()`, `done_url()`, and the texts below (`preview_heading` takes `counter`).
    - `render(form, status=200, **extra)`: the page, with `errors`, `checked`, `preview` and `token`.
    """

    form_class = None
    parse_error = ValueError
    empty_message = None
    heading_level = 2  # of the component's section headings
    preview_template = ""  # the <thead> and <tbody> of the checked rows
    preview_caption = ""
    nothing_saved_text = _("Nothing was saved. Correct these lines and upload the file again:")
    upload_heading = ""
    upload_intro = ""
    confirm_label = ""
    preview_heading = None  # ngettext_lazy(singular, plural, "counter")
    expired_message = _("The checked file has expired. Upload it again.")

    def get(self, request):
        return self.render(self.form_class())

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            rows, errors = self.parse(upload.name, upload.read())
        except self.parse_error as error:
            form.add_error("file", str(error))
            return self.render(form, status=400)
        if errors:
            return self.render(form, status=400, errors=sorted(errors), checked=len(errors) + len(rows))
        if not rows and self.empty_message:
            form.add_error("file", self.empty_message)
            return self.render(form, status=400)
        token = signing.dumps([row.as_dict() for row in rows], salt=self.token_salt, compress=True)
        return self.render(
            self.form_class(),
            preview=rows,
            preview_heading=str(self.preview_heading % {"counter": len(rows)}),
            token=token,
        )

    def confirm(self, request):
        try:
            data = signing.loads(request.POST["token"], salt=self.token_salt, max_age=IMPORT_TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, str(self.expired_message))  # now, in the admin user's language
            return redirect(self.import_url())
        messages.success(request, self.save(data))
        return redirect(self.done_url())

    def import_url(self):
        return self.request.path

    def done_url(self):
        return self.import_url()
