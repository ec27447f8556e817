"""Backups of the whole site: the database and the uploaded media in one tar file.

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore`` in a
single transaction: the server's own consistent snapshot, every table, sequence and index, fast
for large tables, and restorable into an empty database of any name. SQLite is copied with
SQLite's online backup API (Python's ``sqlite3.Connection.backup``): a consistent copy even while
the site writes, byte for byte the same database. ``dumpdata``/``loaddata`` would do neither well:
it holds the whole database in memory as JSON, runs model signals while loading, and trips over
content types, permissions and Wagtail's tree paths.

Layout of ``latuharhary-YYYYmmdd-HHMMSS.tar``: ``manifest.json`` (format, time, database vendor),
``database.dump`` (PostgreSQL) or ``database.sqlite3`` (SQLite), and ``media/`` (MEDIA_ROOT, when
media live on local disk). The file holds personal data, so it is created readable by its owner
only.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    pass


def tool(name):
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def postgres_env(settings_dict):
    """libpq's environment for a Django database: the password stays off the command line."""
    env = dict(os.environ)
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: value for name, value in values.items() if value})
    return env


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  (fixed tools, no shell)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def media_root():
    """The local media directory, or None when media live elsewhere (S3: back up the bucket)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def dump_database(connection, target):
    vendor = connection.vendor
    if vendor == "postgresql":
        command = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
        run(command, postgres_env(connection.settings_dict))
    elif vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    return vendor


def create_backup(output, using="default"):
    """Write a backup into `output` (a directory, or a file name ending in .tar); return its path."""
    output = Path(output)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = output if output.suffix == ".tar" else output / f"latuharhary-{stamp}.tar"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection = connections[using]
    media = media_root()
    with tempfile.TemporaryDirectory(prefix="backup-", dir=path.parent) as work:
        dump = Path(work) / DUMP_NAMES.get(connection.vendor, "database")
        vendor = dump_database(connection, dump)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": dump.name},
            "media": "media/" if media is not None else None,
        }
        partial = Path(work) / path.name
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now(UTC).timestamp())
            archive.addfile(info, fileobj=io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            if media is not None and media.is_dir():
                archive.add(media, arcname="media")
        os.replace(partial, path)
    return path


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError("This is not a Latuharhary backup (no readable manifest.json).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not the one this code reads ({FORMAT}).")
    return manifest


def restore_database(dump, vendor, settings_dict, target_vendor):
    if vendor != target_vendor:
        raise BackupError(
            f"This backup holds a {vendor} database and the target is {target_vendor}; "
            f"restore it into a {vendor} database (DATABASE_URL or --database-url)."
        )
    if vendor == "postgresql":
        command = [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ]
        run(command, postgres_env(settings_dict))
    else:
        source = sqlite3.connect(dump)
        destination = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()


def restore_backup(path, settings_dict, target_vendor, target_media):
    """Replace the target database with the backup's and copy its media into `target_media`.

    Returns the manifest. The database is replaced as a whole (one transaction on PostgreSQL);
    media files are added or overwritten, never deleted.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    try:
        archive = tarfile.open(path, mode="r")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a readable tar file: {error}") from error
    with archive, tempfile.TemporaryDirectory(prefix="restore-") as work:
        manifest = read_manifest(archive)
        # The "data" filter refuses absolute paths, "..", devices and links leading outside.
        archive.extractall(work, filter="data")
        database = manifest["database"]
        dump = Path(work) / database["file"]
        if not dump.is_file():
            raise BackupError(f"The backup lacks its database file {database['file']}.")
        restore_database(dump, database["vendor"], settings_dict, target_vendor)
        media = Path(work) / "media"
        if target_media is not None and media.is_dir():
            shutil.copytree(media, target_media, dirs_exist_ok=True)
    return manifest


def default_output():
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")
