"""Use cases shared by the window and the command line. Each is one unit of work and returns plain data.

Every function takes an :class:`~nutrigap.services.context.AppContext` first.
"""

from nutrigap.services.context import AppContext

__all__ = ["AppContext"]
