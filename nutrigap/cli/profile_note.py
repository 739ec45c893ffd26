"""Say on stderr when output depends on targets and no profile is set (issue #13): which default was used."""

from __future__ import annotations

from nutrigap.services.context import AppContext


def note_default_profile(ctx: AppContext) -> None:
    """Queue the default-profile notice; :func:`nutrigap.cli.common.context` prints it on stderr at the end."""
    from nutrigap.services.profile import default_profile_notice

    notice = default_profile_notice(ctx)
    if notice is not None and notice not in ctx.notices:
        ctx.notices.append(notice)
