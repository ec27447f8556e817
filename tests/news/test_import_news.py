import datetime
import io
import shutil
import socket
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail_localize.models import TranslationSource

from home.models import Person
from news.importing import html_to_blocks, lead_from, parse_date
from news.models import Category, NewsArticlePage

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "kabar-latuharhary-semarang-kota-ham-2021.txt"
HEADER_FILE = DATA / "komnas-ham-papua-header.txt"
JSONL = DATA / "articles.jsonl"
SEED_TITLE = "Komnas HAM Dukung Semarang Menuju Kota HAM"
SEED_LEGACY_URL = "/index.php/news/2021/9/1/1893/komnas-ham-dukung-semarang-menuju-kota-ham.html"


def import_news(*args, **options):
    """Run the command; return what it printed on stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_news", *[str(arg) for arg in args], stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def import_seed(**options):
    options = {"title": SEED_TITLE, "date": "2021-09-01", "legacy_url": SEED_LEGACY_URL} | options
    return import_news(SEED, **{name: value for name, value in options.items() if value is not None})


def paragraph_texts(page):
    return [block.value.source.removeprefix("<p>").removesuffix("</p>") for block in page.body]


def seed_paragraphs_before_credits():
    """The seed's distinct body lines, read independently of the importer."""
    lines = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("Penulis"):
            break
        if line.strip():
            lines.append(line.strip())
    return list(dict.fromkeys(lines))


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the importer must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# Plain-text export -----------------------------------------------------------------------------


def test_text_export_becomes_a_published_article(site_tree):
    stdout, _stderr = import_seed()

    page = NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL)
    assert page.live
    assert page.title == SEED_TITLE
    assert page.date == datetime.date(2021, 9, 1)
    assert page.get_parent().pk == site_tree.news["id"].pk
    assert page.locale.language_code == "id"
    assert page.category.name == "Kabar Latuharhary"
    assert page.category.slug == "kabar-latuharhary"
    assert page.category.locale.language_code == "id"
    assert [person.name for person in page.writer_people] == ["Utari Putri Wardanti"]
    assert page.editor.name == "Sri Rahayu"
    assert f"created: {SEED}: {SEED_TITLE}" in stdout
    assert stdout.strip().endswith("1 created, 0 updated, 0 skipped")


def test_text_export_body_drops_column_credits_repeats_and_chrome(site_tree):
    import_seed()

    page = NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL)
    paragraphs = paragraph_texts(page)
    expected = seed_paragraphs_before_credits()
    assert len(paragraphs) == len(set(paragraphs)) == len(expected) == 12
    assert paragraphs[0].startswith("Sebagai persiapan sebagai tuan rumah")
    assert paragraphs[1:] == expected[1:]
    assert {block.block_type for block in page.body} == {"paragraph"}
    body_html = "".join(block.value.source for block in page.body)
    assert "Kabar Latuharhary" not in body_html
    assert "Short link" not in body_html
    assert "Penulis :" not in body_html
    assert "Editor :" not in body_html
    assert page.lead == paragraphs[0]


def test_text_export_without_title_or_date_is_a_draft(site_tree):
    stdout, _stderr = import_news(SEED)

    page = NewsArticlePage.objects.get(import_key=SEED.name)
    assert not page.live
    assert page.title.startswith("Sebagai persiapan sebagai tuan rumah")
    assert f"draft: {SEED}: no title/date; an editor must complete it" in stdout
    assert "1 created, 0 updated, 0 skipped" in stdout


def test_date_alone_leaves_the_title_missing(site_tree):
    stdout, _stderr = import_news(SEED, date="2021-09-01")

    page = NewsArticlePage.objects.get(import_key=SEED.name)
    assert not page.live
    assert page.get_latest_revision_as_object().date == datetime.date(2021, 9, 1)
    assert f"draft: {SEED}: no title; an editor must complete it" in stdout


def test_header_block_gives_title_and_indonesian_date(site_tree):
    stdout, _stderr = import_news(HEADER_FILE)

    page = NewsArticlePage.objects.get(import_key=HEADER_FILE.name)
    assert page.live
    assert page.title == "Komnas HAM Pantau Kondisi Pengungsi di Papua"
    assert page.date == datetime.date(2021, 9, 15)
    assert [person.name for person in page.writer_people] == ["Utari Putri Wardanti", "Niken Savitri"]
    assert paragraph_texts(page)[0].startswith("Komnas HAM memantau")
    assert paragraph_texts(page)[2] == "“Kebutuhan dasar pengungsi harus dipenuhi oleh negara,” kata Beka."
    assert "Judul" not in "".join(paragraph_texts(page))
    assert "draft:" not in stdout


def test_options_win_over_the_header(site_tree):
    import_news(HEADER_FILE, title="Judul dari opsi", date="2021-10-01")

    page = NewsArticlePage.objects.get(import_key=HEADER_FILE.name)
    assert (page.title, page.date) == ("Judul dari opsi", datetime.date(2021, 10, 1))


def test_rerun_with_changes_updates_the_same_page(site_tree):
    import_seed()
    page = NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL)
    revisions = page.revisions.count()

    stdout, _stderr = import_seed(title="Komnas HAM Dukung Semarang Menjadi Kota HAM")

    assert NewsArticlePage.objects.count() == 1
    page.refresh_from_db()
    assert page.live
    assert page.title == "Komnas HAM Dukung Semarang Menjadi Kota HAM"
    assert page.slug == "komnas-ham-dukung-semarang-menuju-kota-ham", "an update keeps the address"
    assert page.revisions.count() == revisions + 1
    assert f"updated: {SEED}:" in stdout
    assert "0 created, 1 updated, 0 skipped" in stdout
    assert Category.objects.filter(slug="kabar-latuharhary").count() == 1
    assert Person.objects.filter(name="Sri Rahayu").count() == 1


def test_identical_rerun_is_skipped_without_a_new_revision(site_tree):
    import_seed()
    page = NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL)
    revisions = page.revisions.count()

    stdout, _stderr = import_seed()

    assert page.revisions.count() == revisions
    assert f"skipped: {SEED}: unchanged" in stdout
    assert "0 created, 0 updated, 1 skipped" in stdout


def test_a_draft_stays_a_draft_until_publish_is_asked_for(site_tree):
    import_news(SEED)
    page = NewsArticlePage.objects.get(import_key=SEED.name)

    stdout, _stderr = import_news(SEED, title=SEED_TITLE, date="2021-09-01")
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title == SEED_TITLE
    assert "updated:" in stdout

    stdout, _stderr = import_news(SEED, title=SEED_TITLE, date="2021-09-01", publish=True)
    page.refresh_from_db()
    assert page.live
    assert (page.title, page.date) == (SEED_TITLE, datetime.date(2021, 9, 1))
    assert NewsArticlePage.objects.count() == 1


def test_new_slugs_do_not_collide_with_siblings(site_tree):
    import_news(SEED, title="Judul Sama", date="2021-09-01")
    import_news(HEADER_FILE, title="Judul Sama")

    slugs = sorted(NewsArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["judul-sama", "judul-sama-2"]


def test_legacy_url_redirects_to_the_article(client, site_tree):
    import_seed()
    page = NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL)

    response = client.get(SEED_LEGACY_URL)

    assert response.status_code == 301
    assert response["Location"] == page.url
    assert client.get(response["Location"]).status_code == 200


def test_existing_redirect_is_pointed_at_the_article(site_tree):
    Redirect.objects.create(old_path=SEED_LEGACY_URL, redirect_link="https://example.org/lama")

    import_seed()

    redirect = Redirect.objects.get(old_path=SEED_LEGACY_URL)
    assert redirect.redirect_page.pk == NewsArticlePage.objects.get(import_key=SEED_LEGACY_URL).pk
    assert redirect.redirect_link == ""


def test_language_option_imports_under_the_english_index(site_tree):
    import_news(SEED, title="Semarang, a human rights city", date="2021-09-01", language="en")

    page = NewsArticlePage.objects.get(import_key=SEED.name)
    assert page.get_parent().pk == site_tree.news["en"].pk
    assert page.category.locale.language_code == "en"


# JSON Lines ------------------------------------------------------------------------------------


@pytest.fixture
def imported_jsonl(site_tree, no_network):
    stdout, stderr = import_news(JSONL)
    indonesian = NewsArticlePage.objects.get(import_key="papua-2021")
    english = NewsArticlePage.objects.get(import_key="papua-2021-en")
    return indonesian, english, stdout, stderr


def test_jsonl_article_fields(imported_jsonl):
    indonesian, _english, stdout, _stderr = imported_jsonl

    assert indonesian.live
    assert indonesian.title == "Komnas HAM Pantau Pengungsi di Papua"
    assert indonesian.date == datetime.date(2021, 9, 15)
    assert indonesian.locale.language_code == "id"
    assert sorted(indonesian.tags.names()) == ["papua", "pengungsi"]
    assert [person.name for person in indonesian.writer_people] == ["Utari Putri Wardanti", "Niken Savitri"]
    assert indonesian.editor.name == "Sri Rahayu"
    assert (
        indonesian.lead
        == "Komnas HAM memantau kondisi pengungsi di Kabupaten Nduga, Papua. Pemantauan dilakukan selama lima hari."
    )
    assert "2 created, 0 updated, 0 skipped" in stdout


def test_jsonl_body_is_split_into_sanitised_blocks(imported_jsonl):
    indonesian, *_rest = imported_jsonl

    blocks = [(block.block_type, block.value) for block in indonesian.body]
    assert [block_type for block_type, _value in blocks] == ["paragraph", "heading", "paragraph", "quote", "paragraph"]
    assert blocks[0][1].source == (
        "<p>Komnas HAM memantau kondisi pengungsi di Kabupaten <b>Nduga</b>, Papua. "
        "Pemantauan dilakukan selama lima hari.</p>"
    )
    assert dict(blocks[1][1]) == {"text": "Kebutuhan dasar", "level": "h3"}
    assert blocks[2][1].source == (
        '<p>Tim bertemu <i>pengungsi</i> dan <a href="https://www.komnasham.go.id/">pemerintah daerah</a>.klik</p>'
    )
    assert dict(blocks[3][1]) == {"quote": "Kebutuhan dasar pengungsi harus dipenuhi oleh negara.", "speaker": ""}
    assert blocks[4][1].source == "<ul><li>Pangan</li><li>Layanan kesehatan</li></ul>"
    stored = str(indonesian.body.raw_data)
    for unsafe in ("script", "onclick", "javascript:", "<img", "class="):
        assert unsafe not in stored


def test_jsonl_image_url_is_skipped_with_a_warning(imported_jsonl):
    indonesian, _english, _stdout, stderr = imported_jsonl

    assert indonesian.image is None
    assert "image_url skipped (images are not downloaded): https://www.komnasham.go.id/files/papua.jpg" in stderr
    assert "1 image(s) or embed(s) in the body skipped" in stderr


def test_jsonl_english_article_is_a_translation_of_its_source(imported_jsonl, site_tree, locales):
    indonesian, english, *_rest = imported_jsonl

    assert english.translation_key == indonesian.translation_key
    assert indonesian.get_translation(locales["en"]).pk == english.pk
    assert english.get_parent().pk == site_tree.news["en"].pk
    assert english.live
    assert english.title == "Komnas HAM Monitors Refugees in Papua"
    assert english.slug == "komnas-ham-monitors-refugees-in-papua"
    assert [block.block_type for block in english.body] == ["paragraph", "heading", "paragraph"]
    assert sorted(english.tags.names()) == ["papua", "refugees"]
    assert TranslationSource.objects.filter(object_id=indonesian.translation_key).exists()


def test_jsonl_english_category_is_a_translation_of_the_indonesian_one(imported_jsonl):
    indonesian, english, *_rest = imported_jsonl

    assert english.category.locale.language_code == "en"
    assert english.category.pk != indonesian.category.pk
    assert english.category.translation_key == indonesian.category.translation_key


def test_jsonl_legacy_urls_redirect(client, imported_jsonl):
    indonesian, english, *_rest = imported_jsonl

    assert (
        client.get("/index.php/news/2021/9/15/1901/komnas-ham-pantau-pengungsi-papua.html")["Location"]
        == indonesian.url
    )
    assert (
        client.get("/index.php/en/news/2021/9/16/1902/komnas-ham-monitors-refugees-papua.html")["Location"]
        == english.url
    )


def test_jsonl_rerun_does_not_duplicate(imported_jsonl):
    indonesian, english, *_rest = imported_jsonl

    stdout, _stderr = import_news(JSONL)

    assert NewsArticlePage.objects.count() == 2
    assert Category.objects.count() == 2
    assert "0 created, 0 updated, 2 skipped" in stdout
    english.refresh_from_db()
    assert english.translation_key == indonesian.translation_key


def test_jsonl_rerun_updates_a_changed_translation(imported_jsonl, tmp_path):
    indonesian, english, *_rest = imported_jsonl
    changed = tmp_path / "articles.jsonl"
    changed.write_text(
        JSONL.read_text(encoding="utf-8").replace("The team met the refugees.", "The team met 200 refugees."),
        encoding="utf-8",
    )

    stdout, _stderr = import_news(changed)

    english.refresh_from_db()
    assert "The team met 200 refugees." in english.body.raw_data[2]["value"]
    assert english.translation_key == indonesian.translation_key
    assert "0 created, 1 updated, 1 skipped" in stdout


def test_translation_without_its_source_is_skipped(site_tree, tmp_path):
    english_only = tmp_path / "english.jsonl"
    english_only.write_text(JSONL.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    stdout, _stderr = import_news(english_only)

    assert not NewsArticlePage.objects.exists()
    assert (
        "translation source '/index.php/news/2021/9/15/1901/komnas-ham-pantau-pengungsi-papua.html' not found" in stdout
    )
    assert "0 created, 0 updated, 1 skipped" in stdout


# Bad input -------------------------------------------------------------------------------------

VALID_LINE = '{"key": "ok", "title": "Artikel yang benar", "date": "2021-09-01", "body": "<p>Isi.</p>"}'


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("bad.jsonl", VALID_LINE + "\n{not json}\n", "bad.jsonl, line 2: invalid JSON"),
        ("bad.jsonl", VALID_LINE + '\n{"key": "x", "body": "<p>Isi.</p>"}\n', "bad.jsonl, line 2: missing title"),
        (
            "bad.jsonl",
            VALID_LINE + '\n{"key": "x", "title": "T", "body": "<p>Isi.</p>", "language": "fr"}\n',
            "line 2: unknown language 'fr'",
        ),
        (
            "bad.jsonl",
            VALID_LINE + '\n{"key": "x", "title": "T", "body": "<p>Isi.</p>", "date": "kemarin"}\n',
            "line 2: date: 'kemarin' is not a date",
        ),
        ("bad.jsonl", VALID_LINE + '\n{"key": "x", "title": "T", "body": "<p> </p>"}\n', "line 2: no body text"),
        ("bad.jsonl", VALID_LINE + "\n" + VALID_LINE + "\n", "same key 'ok'"),
        ("bad.txt", "Penulis : Seseorang\nEditor : Sri Rahayu\n", "bad.txt: no article text"),
        ("bad.txt", "Judul: Sesuatu\nTanggal: 31 Februari 2021\n\nIsi.\n", "bad.txt, line 2: Tanggal:"),
    ],
)
def test_bad_input_imports_nothing(site_tree, tmp_path, file_name, content, message):
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        import_news(path)

    assert not NewsArticlePage.objects.exists()


def test_text_that_is_not_utf8_imports_nothing(site_tree, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Kabar Latuharhary - Baris pertama.\nKomnas HAM menyambut baik keputusan itu.\nCafé\n".encode("latin-1")
    )

    with pytest.raises(CommandError, match=r"latin1.txt, line 3: not UTF-8"):
        import_news(path)

    assert not NewsArticlePage.objects.exists()


def test_missing_file_imports_nothing_from_the_other_files(site_tree, tmp_path):
    with pytest.raises(CommandError, match="missing.jsonl: file not found"):
        import_news(JSONL, tmp_path / "missing.jsonl")

    assert not NewsArticlePage.objects.exists()
    assert not Category.objects.exists()


def test_unknown_language_option_is_refused(site_tree):
    with pytest.raises(CommandError, match="unknown language 'fr'"):
        import_news(SEED, language="fr")

    assert not NewsArticlePage.objects.exists()


def test_single_article_options_need_a_single_text_file(site_tree, tmp_path):
    other = tmp_path / "other.txt"
    shutil.copy(SEED, other)

    with pytest.raises(CommandError, match="--title describe one article"):
        import_news(SEED, other, title="Satu judul")
    with pytest.raises(CommandError, match="--legacy-url describe one article"):
        import_news(JSONL, legacy_url="/index.php/x.html")

    assert not NewsArticlePage.objects.exists()


# Parsing helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-09-01", datetime.date(2021, 9, 1)),
        ("1 September 2021", datetime.date(2021, 9, 1)),
        ("Selasa, 31 Agustus 2021", datetime.date(2021, 8, 31)),
        ("7 Mei 2020", datetime.date(2020, 5, 7)),
        ("12 Des 2019", datetime.date(2019, 12, 12)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "31 Februari 2021", "1 Brumaire 2021", "2021/09/01"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


def test_lead_cuts_at_the_last_sentence_that_fits():
    first = "Komnas HAM menerima kunjungan Dr. Beka dari Semarang pada hari Selasa. "
    paragraph = first + "Kunjungan itu membahas peta jalan kota HAM. " * 10

    lead = lead_from(paragraph)

    assert lead.endswith("kota HAM.")
    assert lead.startswith(first)
    assert len(lead) <= 300


def test_lead_of_one_long_sentence_is_cut_after_a_word():
    paragraph = "Komnas HAM " + "dan mitra " * 60 + "bekerja sama."

    lead = lead_from(paragraph)

    assert len(lead) <= 300
    assert lead.endswith("…")
    kept = lead.removesuffix("…")
    assert paragraph.startswith(kept)
    assert paragraph[len(kept)] == " ", "the cut falls between words"


def test_lead_does_not_stop_after_an_abbreviation():
    paragraph = "Rapat dipimpin oleh Dr. Beka Ulung Hapsara di Jakarta. " + "Rapat berlangsung lancar. " * 20

    assert not lead_from(paragraph).endswith("Dr.")


def test_html_to_blocks_keeps_loose_text_and_drops_relative_links():
    blocks, dropped = html_to_blocks('Teks lepas <a href="/index.php/lama">tautan lama</a><br><h2>Judul</h2>')

    assert blocks == [
        {"type": "paragraph", "value": "<p>Teks lepas tautan lama<br/></p>"},
        {"type": "heading", "value": {"text": "Judul", "level": "h2"}},
    ]
    assert dropped == 0
