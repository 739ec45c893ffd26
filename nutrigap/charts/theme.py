"""Light and dark chart themes on the Okabe–Ito colour-blind-safe palette.

Palette: Okabe, M. & Ito, K. (2002/2008), *Color Universal Design*, https://jfly.uni-koeln.de/color/ — eight
colours that stay distinct for protan, deutan and tritan colour vision. Every nutrient keeps the same hue in
both themes so a chart reads the same on screen and on paper; shortfalls are also marked by hatching, so no
meaning rests on colour alone.

Themes are applied explicitly to each artist (never through global ``rcParams``), so charts can be built on
any thread without touching matplotlib's global state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient

#: The Okabe–Ito palette (hex).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

NUTRIENT_COLOURS: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: OKABE_ITO["blue"],
    Nutrient.CALCIUM: OKABE_ITO["orange"],
    Nutrient.POTASSIUM: OKABE_ITO["bluish_green"],
    Nutrient.VITAMIN_D: OKABE_ITO["reddish_purple"],
    Nutrient.VITAMIN_B12: OKABE_ITO["sky_blue"],
}


@dataclass(frozen=True, slots=True)
class FontSizes:
    """Point sizes chosen to stay readable when a 10-inch-wide figure is shown at half size."""

    title: float = 14.0
    subtitle: float = 10.5
    axis_label: float = 10.5
    tick: float = 9.5
    legend: float = 9.0
    annotation: float = 8.5
    caption: float = 8.5


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of one theme. ``nutrients`` maps each nutrient to its line/bar colour."""

    name: str
    background: str
    axes_background: str
    foreground: str
    muted: str
    grid: str
    #: fill of days with nothing logged (not the same as eating nothing)
    not_logged: str
    #: the RDA/AI reference line
    target_line: str
    #: the EAR reference marks
    ear_line: str
    twitches: str
    intensity: str
    water: str
    caffeine: str
    #: colour map name for the calendar heat map (perceptually uniform and colour-blind safe)
    heatmap_cmap: str
    nutrients: dict[Nutrient, str] = field(default_factory=lambda: dict(NUTRIENT_COLOURS))
    fonts: FontSizes = field(default_factory=FontSizes)
    font_family: str = "DejaVu Sans"
    #: the sunlight bars of the trend chart (issue #17): Okabe–Ito yellow, outlined so they stand out on white
    sun: str = OKABE_ITO["yellow"]
    sun_edge: str = "#7A6F00"

    def nutrient(self, nutrient: Nutrient) -> str:
        return self.nutrients[nutrient]


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    axes_background="#FFFFFF",
    foreground="#1A1A1A",
    muted="#5F5F5F",
    grid="#DDDDDD",
    not_logged="#E6E6E6",
    target_line="#1A1A1A",
    ear_line="#1A1A1A",
    twitches=OKABE_ITO["vermillion"],
    intensity="#1A1A1A",
    water=OKABE_ITO["sky_blue"],
    caffeine=OKABE_ITO["orange"],
    heatmap_cmap="cividis",
)

DARK = Theme(
    name="dark",
    background="#1E1F22",
    axes_background="#26282C",
    foreground="#ECECEC",
    muted="#A8A8A8",
    grid="#3D4046",
    not_logged="#3A3C41",
    target_line="#ECECEC",
    ear_line="#ECECEC",
    twitches=OKABE_ITO["vermillion"],
    intensity="#F0E442",
    water=OKABE_ITO["sky_blue"],
    caffeine=OKABE_ITO["orange"],
    heatmap_cmap="cividis",
    # the dark blue of Okabe–Ito is too dim on a dark background; its sky blue stands in for magnesium and a
    # light grey-blue for B12 so the two stay apart
    nutrients={**NUTRIENT_COLOURS, Nutrient.MAGNESIUM: "#3A9BDC", Nutrient.VITAMIN_B12: "#A6D8F5"},
    sun_edge=OKABE_ITO["yellow"],
)

THEMES: dict[str, Theme] = {LIGHT.name: LIGHT, DARK.name: DARK}


def get_theme(theme: Theme | str) -> Theme:
    """The theme named ``theme`` ("light" or "dark"), or ``theme`` itself."""
    if isinstance(theme, Theme):
        return theme
    try:
        return THEMES[theme.strip().lower()]
    except KeyError:
        raise InvalidInput(f"Unknown chart theme '{theme}'; use light or dark.") from None
