"""`python -m cchc.documents.writer [PATH]`: make the Word template again from its builder."""

import sys
from pathlib import Path

from cchc.documents.writer.template import TEMPLATE_PATH, build_template

print(build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_PATH))
