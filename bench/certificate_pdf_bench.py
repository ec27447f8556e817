"""How long one certificate PDF takes, and how much memory rendering them needs.

Builds a throwaway in-memory SQLite database (test settings, migrated), a demo-like template
(bilingual texts, an A4 background photo at 300 dpi, two organisers' logos and two signatories
with signature scans, as PNGs with transparency) and N certificates (default 200) whose holders'
names vary in length and letters. Then, in this one process:

| row | what |
| --- | --- |
| yardstick | a one-page PDF with one line in reportlab's built-in Helvetica: the constant operation |
| render | `render_pdf(certificate)` as the download view calls it (template, images and QR included) |
| store | `store_pdf(certificate)`: render and write the file to the private storage |

It prints mean, p50 and p95 milliseconds per certificate, the ratio of the mean to the yardstick's,
the peak of Python allocations during a rendering pass (tracemalloc, a separate pass, since
tracing slows everything) and the process's peak resident size (getrusage), and writes them to
`bench/results/certificate_pdf_bench.json`. The first render (fonts, image readers) is warm-up.
Target: 20 ms or less per certificate. Not a test: run it by hand.
"""

import argparse
import io
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "certificate_pdf_bench.json"
NAMES = [
    "Dewi Anggraini",
    "Ni Made Ayu Sri Wahyuni Dewanti Kusumaningrat",
    "Nguyễn Thị Ṣalāḥ",
    "Tjokorda Istri Agung Ayu D'Souza",
    "Muhammad Rizky Pratama Putra Wijaya Kusuma Ningrat Hadiningrat Soerjosoemarno",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--certificates", type=int, default=200, help="certificates rendered (default: 200)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args()
    if not 1 <= args.certificates <= 5000:
        parser.error("--certificates must be between 1 and 5000")
    return args


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def png(size, colour, mode="RGBA", image_format="PNG"):
    from PIL import Image, ImageDraw

    from django.core.files.images import ImageFile

    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else (250, 247, 238))
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(0, width, max(1, width // 40)):
        draw.line([(step, 0), (width - step, height)], fill=colour, width=max(2, width // 200))
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return ImageFile(buffer, name=f"bench.{image_format.lower()}")


def demo_like_template():
    from courses.certificates.demo import SIGNATORIES, TEMPLATE
    from courses.certificates.models import CertificateTemplate, CertificateTemplateLogo, CertificateTemplateSignatory
    from courses.certificates.pdf.images import image_model

    def image(field_name, model, file):
        return image_model(field_name, model).objects.create(title=field_name, file=file)

    background = image("background", CertificateTemplate, png((3508, 2480), (230, 220, 200), "RGB", "JPEG"))
    template = CertificateTemplate.objects.create(**{**TEMPLATE, "name": "Bench"}, background=background)
    for order, name in enumerate(["Komnas HAM", "Pemerintah Kota Semarang"]):
        logo = image("image", CertificateTemplateLogo, png((600, 600), (160, 30, 40, 255)))
        CertificateTemplateLogo.objects.create(template=template, image=logo, name=name, sort_order=order)
    for order, signatory in enumerate(SIGNATORIES):
        signature = image("signature", CertificateTemplateSignatory, png((900, 300), (20, 40, 120, 255)))
        CertificateTemplateSignatory.objects.create(
            template=template, sort_order=order, signature=signature, **signatory
        )
    return template


def certificates(template, count):
    import uuid

    from courses.certificates.models import Certificate
    from courses.certificates.pdf.templates import signatories_of

    course_key = uuid.uuid4()
    signatories = signatories_of(template)
    rows = [
        Certificate(
            course_key=course_key,
            holder_name=NAMES[index % len(NAMES)],
            course_title_id="Pelatihan Kabupaten/Kota HAM",
            course_title_en="Human Rights Regency/City Training",
            course_start_date=date(2021, 8, 16),
            course_end_date=date(2021, 9, 3),
            learning_hours=30,
            number=f"{index + 1:03d}/PKH-SMG/IX/2021",
            year=2021,
            sequence=index + 1,
            template=template,
            signatories=signatories,
        )
        for index in range(count)
    ]
    return Certificate.objects.bulk_create(rows)


def yardstick():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 720, "Latuharhary")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def timed(function, items):
    times = []
    for item in items:
        start = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times):
    ordered = sorted(times)
    return {
        "count": len(times),
        "mean_ms": round(statistics.fmean(times), 3),
        "p50_ms": round(ordered[len(ordered) // 2], 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "total_s": round(sum(times) / 1000, 3),
    }


def main():
    args = parse_args()
    setup_django()
    from courses.certificates.pdf.files import store_pdf
    from courses.certificates.pdf.render import render_pdf

    template = demo_like_template()
    rows = certificates(template, args.certificates)
    render_pdf(rows[0])  # warm-up: fonts, image readers
    yardstick()

    rows_by_pk = {row.pk: row for row in rows}
    constant = summary(timed(lambda _row: yardstick(), rows))
    render = summary(timed(lambda row: render_pdf(rows_by_pk[row.pk]), rows))
    store = summary(timed(store_pdf, rows))
    sizes = [len(render_pdf(row)) for row in rows[: len(NAMES)]]

    tracemalloc.start()
    for row in rows:
        render_pdf(row)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    for row in rows:  # the stored files are throwaway
        row.pdf.delete(save=False)

    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "yardstick": constant,
        "render": {**render, "ratio_to_yardstick": round(render["mean_ms"] / constant["mean_ms"], 1)},
        "store": {**store, "ratio_to_yardstick": round(store["mean_ms"] / constant["mean_ms"], 1)},
        "pdf_bytes": {"min": min(sizes), "max": max(sizes)},
        "tracemalloc_peak_mib": round(peak / 2**20, 2),
        "max_rss_mib": round(maxrss_kib / 1024, 1),
    }
    print(f"{args.certificates} certificates, demo-like template with background, 2 logos, 2 signatures")
    for name in ("yardstick", "render", "store"):
        row = results[name]
        ratio = f"  {row['ratio_to_yardstick']}× yardstick" if "ratio_to_yardstick" in row else ""
        print(f"{name:10} mean {row['mean_ms']:7.2f} ms  p50 {row['p50_ms']:7.2f}  p95 {row['p95_ms']:7.2f}{ratio}")
    print(f"PDF size {min(sizes) // 1024}–{max(sizes) // 1024} KiB")
    print(f"peak Python allocations while rendering {results['tracemalloc_peak_mib']} MiB; ")
    print(f"peak resident size of the process {results['max_rss_mib']} MiB")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
