# Varnish in front of the app servers (Debian's `varnish`, VCL 4.1). See docs/caching.md.
#
# Caches what the app marks `Cache-Control: public` (anonymous readers of public pages, hashed
# static files) and nothing else; passes logged-in readers, forms and the admin to the app;
# takes PURGE and BAN only from the purgers below. Wagtail's frontend-cache backend sends a
# PURGE for every page a publish changes (VARNISH_URL in the app's environment).

vcl 4.1;

# The app server (gunicorn). For several, declare one backend each and a round-robin director
# (vmod directors), as docs/caching.md shows.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may PURGE and BAN: the app servers and operators on this host.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN" && req.http.X-Ban-Path) {
            # An operator's regular expression over paths, e.g. X-Ban-Path: ^/en/
            ban("obj.http.X-Path ~ " + req.http.X-Ban-Path);
        } else {
            # A page's URL: drop it, its query-string variants and every page below it (the
            # home page's purge clears its language, as a publish does in the app's cache).
            ban("obj.http.X-Path ~ ^" + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents)/" || req.http.Authorization) {
        return (pass);
    }
    # Tracking parameters are for the reader's analytics, not for the page: one page, one object.
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # A session (logged in, a page password), a form's CSRF token or a waiting message: this
    # reader's pages are their own. Django's cookie names; change them here if the settings do.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Anything else in Cookie is analytics: drop it so every anonymous reader shares one object.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # Pages carry absolute links (canonical, hreflang), so http and https are different objects.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # The path, kept on the object so bans test only obj.* and the ban lurker can clear them.
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(public|s-maxage)"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Not for sharing: remember that for two minutes so such requests go straight through.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The lifetime is the app's s-maxage (or max-age); serve a little past it while refetching.
    set beresp.grace = 1m;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
