"""The crawled pages, checked once (issue #10): one crawl of the test world, as every role, in
Chinese and again in English, serves three checks kept in their own modules:
tests/pages_reach.py (every page reachable, no link refused), tests/pages_language.py (each
page in one language) and tests/pages_numbers.py (numbers by the one formatting rule)."""

from tests.pages_language import *  # noqa: F403 (the checks and their fixtures)
from tests.pages_numbers import *  # noqa: F403
from tests.pages_reach import *  # noqa: F403
