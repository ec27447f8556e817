"""The search backend: Wagtail's database backend, with the SQLite (FTS5) query escaped.

Wagtail's SQLite compiler quotes each search term but leaves a `"` inside it as it is, and puts a
phrase ("…" in the search box) into the FTS5 query unquoted, so a search containing `"`, `:` or
`(` in the admin's page, image or snippet search is an FTS5 syntax error and a server error;
PostgreSQL has no such problem. Here a `"` in a term is doubled, as FTS5 strings escape it, and a
phrase is quoted, so the query means what was typed. Indexing is untouched. Remove this once the
upstream compiler escapes (modelsearch.backends.database.sqlite.sqlite).
"""

from functools import cache

from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText

from django.db import connection


def fts5_string(text):
    return text.replace('"', '""')


def escaped(query):
    """`query` as an FTS5 query may hold it: quotes doubled in terms, a phrase in quotes."""
    if isinstance(query, PlainText):
        return PlainText(fts5_string(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(f'"{fts5_string(query.query_string)}"')
    return query


@cache
def escaping_compilers():
    """The SQLite compilers with the escaping; imported only on SQLite (the module defines SQLite-only models)."""
    from modelsearch.backends.database.sqlite import sqlite

    class EscapingQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(escaped(query), config=config)

    class EscapingAutocompleteQueryCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(escaped(query), config=config)

    return sqlite.SQLiteSearchBackend, EscapingQueryCompiler, EscapingAutocompleteQueryCompiler


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend module)
    """Wagtail's choice for this database; on SQLite with FTS5, with the escaping compilers."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        sqlite_backend, query_compiler, autocomplete_compiler = escaping_compilers()
        if isinstance(backend, sqlite_backend):
            backend.query_compiler_class = query_compiler
            backend.autocomplete_query_compiler_class = autocomplete_compiler
    return backend
