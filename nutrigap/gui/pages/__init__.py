"""The analysis pages: charts, insights, experiments, suggestions, the nutrient guide and twitches."""
