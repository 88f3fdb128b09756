"""Handling what users upload: packages bounded before they are parsed, parsers confined to a worker.

`packages.check_package` refuses an Office file (a zip: XLSX, DOCX) whose declared contents are too big,
too many, or carry a DOCTYPE (XML entity expansion) before any parser sees it. `worker.run` runs a
parser or a template in a separate process under CPU-time and memory limits, so a file built to crash
or exhaust the process takes down only that process, never the web server.
"""

from cchc.untrusted.packages import PackageError, PackageLimits, check_package
from cchc.untrusted.worker import WorkerError, run

__all__ = ["PackageError", "PackageLimits", "WorkerError", "check_package", "run"]
