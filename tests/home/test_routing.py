"""home/routing.py: the per-process memo of sites, locales and localized home pages."""

from home import routing


def test_a_site_saved_in_this_process_is_seen_at_once(site_tree):
    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    site_tree.site.site_name = "Komnas HAM (baru)"
    site_tree.site.save()
    assert routing.site_for("testserver", 80).site_name == "Komnas HAM (baru)"


def test_each_request_gets_its_own_site_instance(site_tree):
    first, second = routing.site_for("testserver", 80), routing.site_for("testserver", 80)
    assert first == second and first is not second  # nothing one request caches on it reaches another


def test_another_process_change_is_seen_after_the_memo_expires(site_tree, monkeypatch):
    from wagtail.models import Site

    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    Site.objects.filter(pk=site_tree.site.pk).update(site_name="Diubah proses lain")  # no signal, as elsewhere
    assert routing.site_for("testserver", 80).site_name == site_tree.site.site_name
    now = routing.time.monotonic()
    monkeypatch.setattr(routing.time, "monotonic", lambda: now + routing.MEMO_SECONDS + 1)
    assert routing.site_for("testserver", 80).site_name == "Diubah proses lain"


def test_a_stale_home_page_memo_falls_back_to_wagtails_routing(site_tree, client):
    assert client.get(site_tree.news["id"].url).status_code == 200
    key = next(key for key in routing._memo if key[0] == "root")
    expires, _value = routing._memo[key]
    routing._memo[key] = (expires, (site_tree.home["id"].pk, "/old-home-slug/"))  # as if renamed elsewhere
    assert client.get(site_tree.news["id"].url).status_code == 200
