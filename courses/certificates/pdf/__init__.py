"""The certificate PDF: one A4 page in the template's layout (classic, modern or portrait), drawn with
reportlab from the frozen certificate and its template.

Why reportlab: a well-kept library (since 2000, releases every few months) that installs from
wheels with pip alone, embeds TrueType fonts and renders a page in milliseconds, with no browser
or system library (WeasyPrint needs Pango, wkhtmltopdf a binary). The QR code's modules come from
`qrcode` (already here for two-factor set-up) and are drawn as vector paths.

What is printed comes from the certificate alone (its frozen name, titles, dates, hours, score,
number and signatories), laid out by its template: the one it was issued with, else the course's
(`template_for`), else a plain built-in layout. Texts may carry the placeholders {name},
{course}, {start}, {end}, {hours}, {number} and {score}; a body line that is only "{name}" is the
holder's name set large on its own line. A bilingual template prints Indonesian with English
beneath in smaller italics; otherwise the holder's language is used (their admin language when they chose one,
else Indonesian).

Names such as "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat", "Nguyễn" or "Ṣalāḥ" need glyphs
beyond Latin-1, so the fonts are subsets of DejaVu (Latin, Latin Extended A/B and Additional,
combining marks, punctuation) kept in `fonts/` with their licence, and text is NFC-normalised so a
decomposed "é" meets a precomposed glyph. Text that would not fit shrinks: the name to the page's
width, the body as a whole until it fits its frame.

Per process the fonts, the styles and each image's reader are loaded once (`functools.cache`);
only the certificate's texts are laid out per render.

The package: `templates` (which template, signatories and languages), `layout` (the layouts' pages,
the fonts and the text fitted to them), `ornaments` (borders, band, rule and seal), `images` (logos,
backgrounds and signatures prepared once per process), `render` (`render_pdf`), `preview` (the
template editor's picture of a sample) and `files` (stored PDFs and download names).
"""
