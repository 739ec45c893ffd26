"""NutriGap: an offline food diary that finds the nutrient gaps behind muscle twitching."""

__version__ = "0.1.0"
