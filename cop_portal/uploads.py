"""Kept for the migrations that import it (`cop_portal.uploads`); the code is in
`cop_portal.core.uploads`."""

from cop_portal.core.uploads import *  # noqa: F403
