"""The forms of an HTML page as a browser would submit them: shared by tests/test_hostile_input.py
and `make fuzz` (bench/fuzz.py), which needs no Django."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The forms of a page: (method, action, [(name, value, is_file)]) with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = (attrs.get("method", "get").lower(), attrs.get("action", ""), [])
            self.forms.append(self.form)
        if self.form is None or not attrs.get("name") and tag in ("input", "select", "textarea"):
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                value = attrs.get("value", "")
            elif kind in ("checkbox", "radio"):
                value = attrs.get("value", "on") if "checked" in attrs else ""
            else:
                value = attrs.get("value", "")
            self.form[2].append((name, value, kind == "file"))
        elif tag == "select":
            self.select = [name, None, None]  # name, first option, selected option
            self.form[2].append(self.select)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value
        elif tag == "textarea":
            self.textarea = [name, "", False]
            self.form[2].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.select[:] = [name, selected if selected is not None else first or "", False]
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(html):
    parser = FormParser()
    parser.feed(html)
    return [(method, action, [tuple(item) for item in items]) for method, action, items in parser.forms]
