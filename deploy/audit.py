"""`make audit`: pip-audit over requirements.txt (with every dependency it pulls in).

Fails (exit 1) on any known vulnerability, naming the package, the advisory and the fixed
versions. pip-audit asks PyPI's JSON API about each pinned version (/pypi/NAME/VERSION/json).
Some proxies serve only the project pages (/pypi/NAME/json), whose `vulnerabilities` are those
of the latest release: for a package pinned at its latest release that is the same answer, so
it is audited from there; any other package is listed as not audited, never passed silently.
When nothing at all could be audited the run says so loudly and passes, unless AUDIT_STRICT=1.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def latest_release_vulnerabilities(name, version):
    """The advisories of `name` from its project page, when `version` is its latest release; else None."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:  # noqa: S310
            project = json.load(response)
    except (OSError, ValueError):
        return None
    if project["info"]["version"] != version:
        return None
    return [
        {"id": vuln["id"], "aliases": vuln.get("aliases", []), "fix_versions": vuln.get("fixed_in", [])}
        for vuln in project.get("vulnerabilities", [])
        if not vuln.get("withdrawn")
    ]


def main():
    command = [str(PIP_AUDIT), "-r", "requirements.txt", "--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=900)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr)
        sys.exit(f"pip-audit failed (exit {result.returncode}) without a report")
    dependencies = report["dependencies"]
    for dep in dependencies:
        found = re.search(r"\(([^()]+)\)$", dep.get("skip_reason", ""))
        if found:
            dep["version"] = found.group(1)
            vulns = latest_release_vulnerabilities(dep["name"], dep["version"])
            if vulns is not None:
                del dep["skip_reason"]
                dep["vulns"] = vulns
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = len(dependencies) - len(skipped)

    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} ({aliases}); fixed in {fixed}")
    if skipped:
        print(
            f"not audited ({len(skipped)}): " + ", ".join(f"{dep['name']} {dep.get('version', '?')}" for dep in skipped)
        )
    print(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} with known vulnerabilities")

    if vulnerable:
        sys.exit(1)
    if skipped and audited == 0:
        print("WARNING: PyPI's vulnerability data could not be reached, so nothing was audited.")
        if os.environ.get("AUDIT_STRICT") == "1":
            sys.exit(1)


if __name__ == "__main__":
    main()
