"""Say on stderr when output depends on targets and no profile is set (issue #13): which default was used."""

from __future__ import annotations

from nutrigap.services.context import AppContext


def note_default_profile(ctx: AppContext, is_default: bool | None = None) -> None:
    """Queue the default-profile notice; :func:`nutrigap.cli.common.context` prints it on stderr at the end.
    ``is_default``: whether the profile just used is the default (else it is read)."""
    from nutrigap.domain.wording import default_profile_notice_text

    if is_default is None:
        from nutrigap.services.profile import get_profile

        is_default = get_profile(ctx).is_default
    notice = default_profile_notice_text() if is_default else None
    if notice is not None and notice not in ctx.notices:
        ctx.notices.append(notice)
