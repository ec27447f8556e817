"""A throwaway production-like stack on loopback: PostgreSQL database, Redis, gunicorn, Varnish.

Used by deploy/varnish_check.py and bench/cache_bench.py. Everything it starts it stops, and the
database it creates it drops, also when the caller fails (use `Stack` as a context manager).
Needs a PostgreSQL server that trusts 127.0.0.1 (user postgres) and Redis on 127.0.0.1:6379;
installs Debian's varnish (and wrk, when asked) with apt-get if they are missing.
"""

import base64
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VCL = BASE_DIR / "deploy" / "varnish" / "default.vcl"
HOST = "127.0.0.1"
PSQL = ["psql", "-h", HOST, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-At"]
APT_TIMEOUT = 600
QUIET_PSQL = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")


def log(message):
    print(message, flush=True)


def ensure_debian_package(command, package):
    """The path of `command`, installing `package` with apt-get (bounded in time) when missing."""
    found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")
    if found:
        return found
    log(f"installing Debian's {package} (apt-get)…")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq", package]
    if subprocess.run(install, env=env, timeout=APT_TIMEOUT, capture_output=True).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, timeout=APT_TIMEOUT, capture_output=True)
        subprocess.run(install, env=env, timeout=APT_TIMEOUT, capture_output=True)
    found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin")
    if not found:
        sys.exit(f"{command} is missing and `apt-get install {package}` did not provide it")
    return found


def free_port(preferred):
    with socket.socket() as sock:
        try:
            sock.bind((HOST, preferred))
        except OSError:
            sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, headers=None, method="GET", timeout=10, source=None):
    """One request on a fresh connection: (status, headers as a dict with lower-case names, body).

    `source` is the client's own address, e.g. another loopback address such as 127.0.0.2.
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, headers={"Host": f"{HOST}:{port}", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, body
    finally:
        conn.close()


def wait_for(port, path, process, name, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            if get(port, path, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {path} within {timeout:.0f} s")


class Stack:
    """with Stack("name") as stack: stack.prepare(); stack.start_gunicorn(); stack.start_varnish()"""

    def __init__(self, name, redis_db=5, gunicorn_port=8771, varnish_port=6081, workers=2):
        self.database = f"latuharhary_{name}_{os.getpid()}"
        self.redis_url = f"redis://{HOST}:6379/{redis_db}"
        self.gunicorn_port = free_port(gunicorn_port)
        self.varnish_port = free_port(varnish_port if varnish_port != self.gunicorn_port else varnish_port + 1)
        self.workers = workers
        self.workdir = Path(tempfile.mkdtemp(prefix=f"latuharhary-{name}-"))
        self.processes = []
        self.env = dict(os.environ)
        self.env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=f"{HOST},localhost",
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
            DATABASE_URL=f"postgres://postgres@{HOST}:5432/{self.database}",
            REDIS_URL=self.redis_url,
            VARNISH_URL=f"http://{HOST}:{self.varnish_port}",
            BASE_URL=f"http://{HOST}:{self.varnish_port}",  # readers come through Varnish
            MEDIA_ROOT=str(self.workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.workdir / "private-media"),
            # A throwaway Ed25519 key, so the Open Badges credential is exercised too.
            CERTIFICATE_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
            PYTHONUNBUFFERED="1",
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def manage(self, *args, capture=False):
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(command, cwd=BASE_DIR, env=self.env, capture_output=capture, text=True)
        if result.returncode:
            detail = (result.stdout or "") + (result.stderr or "") if capture else "see above"
            raise RuntimeError(f"manage.py {' '.join(args)} failed: {detail}")
        return result.stdout

    def redis(self, *args):
        subprocess.run(["redis-cli", "-u", self.redis_url, *args], check=True, capture_output=True, timeout=30)

    def prepare(self):
        """A fresh database with the demo site, collected static files, an empty cache."""
        self.create_database()
        log(f"database {self.database}: migrate, demo data, collectstatic…")
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.load_demo()

    def create_database(self):
        """An empty database, dropped again by stop()."""
        subprocess.run([*PSQL, "-c", f"DROP DATABASE IF EXISTS {self.database}"], check=True, env=QUIET_PSQL)
        subprocess.run([*PSQL, "-c", f"CREATE DATABASE {self.database}"], check=True, env=QUIET_PSQL)
        self.created_database = True

    def load_demo(self):
        """The demo site and collected static files into the migrated database; an empty cache."""
        self.manage("load_demo_data", capture=True)
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.redis("FLUSHDB")

    def setup_django(self):
        """Django in this process, on the stack's settings and database (for ORM work)."""
        os.environ.update(self.env)
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()

    def start(self, command, name, log_name):
        log_file = (self.workdir / log_name).open("a")
        process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log_file, stderr=subprocess.STDOUT)
        process.log_file = log_file
        process.name = name
        self.processes.append(process)
        return process

    def start_gunicorn(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"{HOST}:{self.gunicorn_port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
        ]
        process = self.start(command, "gunicorn", "gunicorn.log")
        wait_for(self.gunicorn_port, "/health/", process, "gunicorn")
        log(f"gunicorn on http://{HOST}:{self.gunicorn_port}/ ({self.workers} workers)")

    def start_varnish(self):
        varnishd = ensure_debian_package("varnishd", "varnish")
        vcl = self.workdir / "default.vcl"
        text = VCL.read_text()
        text = text.replace('.port = "8000";', f'.port = "{self.gunicorn_port}";', 1)
        vcl.write_text(text)
        vcl.chmod(0o644)
        self.workdir.chmod(0o755)
        command = [
            varnishd,
            "-F",  # foreground: a child of this script, stopped with it
            "-j",
            "none",  # no privilege separation: a throwaway instance run by the user of this script
            "-n",
            str(self.workdir / "varnish"),
            "-a",
            f"{HOST}:{self.varnish_port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,256m",
        ]
        process = self.start(command, "varnishd", "varnishd.log")
        wait_for(self.varnish_port, "/health/", process, "varnishd")
        log(f"varnishd on http://{HOST}:{self.varnish_port}/ in front of gunicorn")

    def stop_process(self, name):
        for process in [p for p in self.processes if p.name == name]:
            self.terminate(process)
            self.processes.remove(process)

    @staticmethod
    def terminate(process):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.log_file.close()

    def stop(self):
        for process in reversed(self.processes):
            self.terminate(process)
        self.processes.clear()
        if getattr(self, "created_database", False):
            drop = f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)"
            subprocess.run([*PSQL, "-c", drop], check=False, env=QUIET_PSQL)
            self.created_database = False
            try:
                self.redis("FLUSHDB")
            except (OSError, subprocess.SubprocessError):
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)

    def log_tail(self, log_name, lines=20):
        path = self.workdir / log_name
        return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else ""
