"""Public verification of certificates: /v/ (the form), /v/<code>/ (the answer), its JSON, and
pasted credentials; plus the holder's credential download and the issuer's public key.

The package: `views` (the pages and JSON), `lookups` (finding a certificate, its public facts),
`throttling` (the rate limit) and `languages` (which language the pages speak).

Language. /v/ is outside the language prefixes because it is printed and put in QR codes: the
page speaks the reader's language as negotiated elsewhere on the site (the language cookie, then
Accept-Language), and ``?lang=id|en`` chooses one explicitly, which is what the language links
on the page use. Both are part of the page-cache key, and a purge of /v/<code>/ covers its
``?lang=`` variants (Varnish bans the path and everything below it).

Caching and the rate limit. The answers for a code (page and JSON) are public and the same for
every anonymous reader, so the page cache (home/page_cache.py) and Varnish may keep them;
certificate changes invalidate them. The limit (CERTIFICATE_VERIFICATION_RATE_LIMIT per client
address, the address as every rate limit here sees it, home/security.py) counts every request
that reaches a lookup: every miss, every unknown code (a 404 is never cached), every number and
name search and every pasted credential. An answer served from a cache is not counted: it costs
no lookup and can only be one somebody already fetched, so it tells nothing new; counting it
would need a cache write on every hit, and a Varnish hit never reaches the app at all. Guessing
is what the limit stops, and guesses are misses.

The number-and-name search is a GET form (no CSRF token, so the form page stays cacheable; the
search itself is never cached, its query parameters are not ones the cache keys on). The pasted
credential is a POST with a CSRF token on its own page, /v/credential/, linked from /v/, so that
/v/ sets no cookie.
"""
